/**
 * Which reader an export file needs: a claim record (one JSON object, or JSON Lines) or a W3C
 * Web Annotation collection, told apart by what the file holds rather than by its name, since
 * files are renamed and served with vague media types.
 */
import type { ImportBundle } from './bundle'
import { CLAIMS_FORMAT } from './claims'
import { readClaims, readClaimsLines } from './claims-import'
import { ExportError } from './error'
import { readW3c } from './w3c-import'

/** Reads an export file's text into a bundle; throws ExportError('invalid-import') saying why. */
export function readExport(body: string): ImportBundle {
  const text = body.replace(/^\uFEFF/, '').trim()
  if (text === '') throw new ExportError('invalid-import', 'the file is empty')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // More than one JSON value: JSON Lines, whose reader names the line at fault.
    if (text.startsWith('{') && text.includes('\n')) return readClaimsLines(text)
    throw new ExportError('invalid-import', 'the file is not JSON (a claims, jsonl or w3c export)')
  }
  if (Array.isArray(json)) return readW3c(json)
  if (typeof json !== 'object' || json === null) {
    throw new ExportError('invalid-import', 'the file holds no export: expected a JSON object')
  }
  const object = json as Record<string, unknown>
  if (object.format === CLAIMS_FORMAT) return readClaims(object)
  if ('@context' in object || 'type' in object) return readW3c(object)
  // One record of a jsonl export is a line of its own.
  if ('document' in object && 'quote' in object) return readClaimsLines(text)
  const format = typeof object.format === 'string' ? ` "${object.format}"` : ''
  throw new ExportError(
    'invalid-import',
    `the file is not an export Warrant reads${format}: expected format "${CLAIMS_FORMAT}", JSON Lines of its records, or a W3C annotation collection`,
  )
}
