/**
 * The export formats a document can be downloaded in, each built from the claim record, and
 * the one entry point that picks a format by name.
 */
import { type ClaimsInput, claimsExport } from './claims'
import { ExportError } from './error'

/** A finished export, ready to be sent or written. */
export interface ExportedFile {
  body: string
  contentType: string
  filename: string
}

/** One export format: its media type, file extension and how it is written. */
export interface ExportFormat {
  contentType: string
  extension: string
  write(input: ClaimsInput): string
}

/** The claim record as one pretty-printed JSON object. */
const claims: ExportFormat = {
  contentType: 'application/json',
  extension: 'claims.json',
  write: (input) => `${JSON.stringify(claimsExport(input), null, 2)}\n`,
}

/** JSON Lines: one record per line, each carrying the document it belongs to. */
const jsonl: ExportFormat = {
  contentType: 'application/jsonl',
  extension: 'claims.jsonl',
  write: (input) => {
    const { document, records } = claimsExport(input)
    return records.map((record) => `${JSON.stringify({ document, ...record })}\n`).join('')
  },
}

/** Every export format by name. */
export const exportFormats = { claims, jsonl } as const

/** The name of a known export format. */
export type ExportFormatName = keyof typeof exportFormats

/** Whether a string names a known export format. */
export function isExportFormat(name: string): name is ExportFormatName {
  return Object.hasOwn(exportFormats, name)
}

/** Exports a document in a named format; an unknown name is an ExportError('unknown-format'). */
export function exportDocument(format: string, input: ClaimsInput): ExportedFile {
  if (!isExportFormat(format)) {
    const known = Object.keys(exportFormats)
    throw new ExportError(
      'unknown-format',
      `unknown export format '${format}'; known formats: ${known.join(', ')}`,
      known,
    )
  }
  const chosen: ExportFormat = exportFormats[format]
  return {
    body: chosen.write(input),
    contentType: chosen.contentType,
    filename: `${input.document.id}.${chosen.extension}`,
  }
}
