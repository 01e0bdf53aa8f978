/**
 * The export formats a document can be downloaded in, each built from the claim record, and
 * the one entry point that picks a format by name.
 */

import { aifGraph } from './aif'
import { bibtex, ris } from './bibliography'
import { type ClaimsInput, claimsExport } from './claims'
import { cslCitations, cslItems } from './csl'
import { claimsCsv } from './csv'
import { ExportError } from './error'
import { markdownReport } from './report'
import { w3cCollection } from './w3c'

/** A finished export, ready to be sent or written. */
export interface ExportedFile {
  body: string
  contentType: string
  filename: string
}

/** One export format: its name in menus, media type, file extension and how it is written. */
export interface ExportFormat {
  label: string
  contentType: string
  extension: string
  write(input: ClaimsInput): string
}

/** The claim record as one pretty-printed JSON object. */
const claims: ExportFormat = {
  label: 'Claim records (JSON)',
  contentType: 'application/json',
  extension: 'claims.json',
  write: (input) => `${JSON.stringify(claimsExport(input), null, 2)}\n`,
}

/** JSON Lines: one record per line, each carrying the document it belongs to. */
const jsonl: ExportFormat = {
  label: 'Claim records (JSON Lines)',
  contentType: 'application/jsonl',
  extension: 'claims.jsonl',
  write: (input) => {
    const { document, records } = claimsExport(input)
    // The same as JSON.stringify({ document, ...record }), with the document serialised once.
    const head = `{"document":${JSON.stringify(document)},`
    return records.map((record) => `${head}${JSON.stringify(record).slice(1)}\n`).join('')
  },
}

/** One row per record, RFC 4180 quoted, UTF-8 with a BOM for spreadsheets. */
const csv: ExportFormat = {
  label: 'Spreadsheet (CSV)',
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  write: (input) => claimsCsv(claimsExport(input)),
}

/** A W3C Web Annotation collection in JSON-LD: records, replies and links as annotations. */
const w3c: ExportFormat = {
  label: 'W3C Web Annotations (JSON-LD)',
  contentType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  extension: 'w3c.jsonld',
  write: (input) => `${JSON.stringify(w3cCollection(claimsExport(input)), null, 2)}\n`,
}

/** CSL-JSON: the brief's item, then the sources attached to evidence. */
const csl: ExportFormat = {
  label: 'CSL-JSON items',
  contentType: 'application/vnd.citationstyles.csl+json',
  extension: 'csl.json',
  write: (input) => `${JSON.stringify(cslItems(claimsExport(input)), null, 2)}\n`,
}

/** One CSL citation object per record, with its paragraph locator and quote. */
const cslCitationsFormat: ExportFormat = {
  label: 'CSL citations',
  contentType: 'application/json',
  extension: 'csl-citations.json',
  write: (input) => `${JSON.stringify(cslCitations(claimsExport(input)), null, 2)}\n`,
}

/** BibTeX entries of the brief and every evidence source, through citation-js. */
const bibtexFormat: ExportFormat = {
  label: 'BibTeX',
  contentType: 'application/x-bibtex',
  extension: 'bib',
  write: (input) => bibtex(claimsExport(input)),
}

/** RIS records of the brief and every evidence source. */
const risFormat: ExportFormat = {
  label: 'RIS',
  contentType: 'application/x-research-info-systems',
  extension: 'ris',
  write: (input) => ris(claimsExport(input)),
}

/** A readable report: claims with their evidence, predictions, statistics, orphans. */
const markdown: ExportFormat = {
  label: 'Report (Markdown)',
  contentType: 'text/markdown; charset=utf-8',
  extension: 'report.md',
  write: (input) => markdownReport(claimsExport(input)),
}

/** The claim–evidence graph in the AIFdb JSON shape. */
const aif: ExportFormat = {
  label: 'Argument graph (AIF)',
  contentType: 'application/json',
  extension: 'aif.json',
  write: (input) => `${JSON.stringify(aifGraph(claimsExport(input)), null, 2)}\n`,
}

/** Every export format by name. */
export const exportFormats = {
  claims,
  jsonl,
  csv,
  w3c,
  csl,
  'csl-citations': cslCitationsFormat,
  bibtex: bibtexFormat,
  ris: risFormat,
  markdown,
  aif,
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
