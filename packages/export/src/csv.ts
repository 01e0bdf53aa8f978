/**
 * The `csv` export: one row per claim record, RFC 4180 quoted and UTF-8 with a BOM, so quotes,
 * commas and line breaks in a passage survive a spreadsheet, with relations spelled out readably.
 * A document from pages gets a `page` column after `paragraph`; one without pages has none.
 */
import { attributeSchemas, type RelationType } from '@warrant/annotations'
import type { ClaimRecord, ClaimRelation, ClaimsExport } from './claims'

/** The byte order mark spreadsheet programs need to read the file as UTF-8. */
export const CSV_BOM = '\uFEFF'

/** The row separator RFC 4180 prescribes. */
const CRLF = '\r\n'

type Column = [string, (r: ClaimRecord) => unknown]

/** The columns before the attribute columns, in order, the page column left out. */
const leadingColumns: Column[] = [
  ['id', (r) => r.id],
  ['kind', (r) => r.kind],
  ['quote', (r) => r.quote],
  ['prefix', (r) => r.prefix],
  ['suffix', (r) => r.suffix],
  ['section', (r) => r.locator.section],
  ['paragraph', (r) => r.locator.paragraph],
  ['start', (r) => r.position.start],
  ['end', (r) => r.position.end],
  ['anchor', (r) => r.anchor],
]

/** The page column; empty for a record without a page (an orphan). */
const pageColumn: Column = ['page', (r) => r.locator.page]

/** The leading columns of a set of records: with the page column when any record has a page. */
function leadingColumnsOf(records: readonly ClaimRecord[]): Column[] {
  if (!records.some((r) => r.locator.page !== undefined)) return leadingColumns
  const at = leadingColumns.findIndex(([name]) => name === 'paragraph') + 1
  return [...leadingColumns.slice(0, at), pageColumn, ...leadingColumns.slice(at)]
}

/** The columns after the attribute columns, in order. */
const trailingColumns: Column[] = [
  ['note', (r) => r.note],
  ['creator', (r) => r.creator],
  ['created', (r) => r.created],
  ['modified', (r) => r.modified],
  ['relations', (r) => r.relations.map(readableRelation).join('; ')],
  ['comments', (r) => r.comments.length],
  ['citation', (r) => r.citation.text],
]

/** A relation read from its `to` end ("supported by ← a-evidence"). */
const passive: Record<RelationType, string> = {
  supports: 'supported by',
  contradicts: 'contradicted by',
  qualifies: 'qualified by',
  cites: 'cited by',
  about: 'subject of',
  resolves: 'resolved by',
}

/**
 * The attribute columns: the built-in attribute keys of every kind in codebook order
 * (de-duplicated), then any other attribute keys the records carry, in order of appearance.
 */
export function attributeColumns(records: readonly ClaimRecord[]): string[] {
  const keys = new Set<string>()
  for (const schema of Object.values(attributeSchemas)) {
    for (const key of Object.keys(schema.shape)) keys.add(key)
  }
  for (const record of records) {
    for (const key of Object.keys(record.attributes)) keys.add(key)
  }
  return [...keys]
}

/** The header row's column names for a set of records. */
export function csvHeader(records: readonly ClaimRecord[]): string[] {
  return [
    ...leadingColumnsOf(records).map(([name]) => name),
    ...attributeColumns(records),
    ...trailingColumns.map(([name]) => name),
  ]
}

/** Writes a claims export as CSV: BOM, header row, one row per record, every row ending in CRLF. */
export function claimsCsv(exported: ClaimsExport): string {
  const { records } = exported
  const leading = leadingColumnsOf(records)
  const attributes = attributeColumns(records)
  // Attribute keys are identifiers where they are validated; a header is guarded all the same.
  const rows = [csvHeader(records).map(cell)]
  for (const record of records) {
    rows.push([
      ...leading.map(([, value]) => cell(value(record))),
      ...attributes.map((key) => cell(record.attributes[key])),
      ...trailingColumns.map(([, value]) => cell(value(record))),
    ])
  }
  return CSV_BOM + rows.map((row) => row.map(quoteField).join(',') + CRLF).join('')
}

/** One relation as a reader says it: `supports → id ("quote")` or `supported by ← id ("quote")`. */
export function readableRelation(relation: ClaimRelation): string {
  const { other } = relation
  const end = other.quote === null ? `${other.id} (missing)` : `${other.id} ("${other.quote}")`
  return relation.direction === 'outgoing'
    ? `${relation.type} → ${end}`
    : `${passive[relation.type]} ← ${end}`
}

/**
 * The text of a cell: empty for null and undefined, compact JSON for objects. Text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an
 * apostrophe, which spreadsheets show as text (OWASP's CSV injection advice); numbers stay numbers.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** Quotes a field when RFC 4180 requires it (a comma, quote, CR or LF), doubling its quotes. */
export function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field
}
