/**
 * The export formats a document can be downloaded in, each built from the claim record, and
 * the one entry point that picks a format by name.
 */
import { type ClaimsInput, claimsExport } from './claims'
import { cslCitations, cslItems } from './csl'
import { claimsCsv } from './csv'
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

/** One row per record, RFC 4180 quoted, UTF-8 with a BOM for spreadsheets. */
const csv: ExportFormat = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  write: (input) => claimsCsv(claimsExport(input)),
}

/** CSL-JSON: the brief's item, then the sources attached to evidence. */
const csl: ExportFormat = {
  contentType: 'application/vnd.citationstyles.csl+json',
  extension: 'csl.json',
  write: (input) => `${JSON.stringify(cslItems(claimsExport(input)), null, 2)}\n`,
}

/** One CSL citation object per record, with its paragraph locator and quote. */
const cslCitationsFormat: ExportFormat = {
  contentType: 'application/json',
  extension: 'csl-citations.json',
  write: (input) => `${JSON.stringify(cslCitations(claimsExport(input)), null, 2)}\n`,
}

/** Every export format by name. */
export const exportFormats = {
  claims,
  jsonl,
  csv,
  csl,
  'csl-citations': cslCitationsFormat,
} as const

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
