/**
 * The `bibtex` and `ris` exports: the brief and the sources attached to its evidence (the items
 * of the `csl` export) for reference managers that read neither CSL-JSON nor citations, each
 * under a citation key made from its CSL id so it stays the same from one export to the next.
 */
/// <reference path="./citation-js.d.ts" />
import { Cite, type RisRecord } from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import '@citation-js/plugin-ris'
import type { CslItem } from '@warrant/document'
import type { ClaimsExport } from './claims'
import { cslItems } from './csl'

/** The brief and its evidence sources as BibTeX entries (ASCII, LaTeX escapes for the rest). */
export function bibtex(exported: ClaimsExport): string {
  const text = new Cite(keyedItems(exported)).format('bibtex')
  return `${text.trim()}\n`
}

/**
 * The brief and its evidence sources as RIS records. Written here from plugin-ris's tags because
 * its own writer breaks every value after 70 characters, mid-word, which readers (plugin-ris
 * itself included) join back with a space: "Cope wit h Crisis".
 */
export function ris(exported: ClaimsExport): string {
  const items = keyedItems(exported)
  const records = new Cite(items).format('ris', { format: 'object' })
  return records.map((record, i) => risRecord(record, items[i]!['citation-key'])).join('\n')
}

/** Tag lines of one record: TY, then the key as its ID, one line per value, ER last. */
function risRecord(record: RisRecord, key: string): string {
  // plugin-ris cuts the ID to 20 characters, which can make two keys one.
  const lines = [`TY  - ${record.TY}`, `ID  - ${key}`]
  for (const [tag, value] of Object.entries(record)) {
    if (tag === 'TY' || tag === 'ID' || tag === 'ER') continue
    for (const one of [value].flat()) lines.push(`${tag}  - ${oneLine(one)}`)
  }
  lines.push('ER  - ', '')
  return lines.join('\n')
}

/** A value on one line: a RIS line ends its value. */
function oneLine(value: string): string {
  return String(value).replace(/\s*[\r\n]+\s*/g, ' ')
}

/** The export's CSL items, each with its citation key. */
function keyedItems(exported: ClaimsExport): Array<CslItem & { 'citation-key': string }> {
  const used = new Set<string>()
  return cslItems(exported).map((item) => ({ ...item, 'citation-key': citationKey(item, used) }))
}

/**
 * A citation key from a CSL id that BibTeX and citation-js accept: accents dropped, other
 * characters outside letters, digits and `_` made `_` ("kiep-2024" → "kiep_2024"), and `_2`,
 * `_3`... when an earlier item holds it.
 */
function citationKey(item: CslItem, used: Set<string>): string {
  const base =
    String(item.id)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'item'
  let key = base
  for (let n = 2; used.has(key); n++) key = `${base}_${n}`
  used.add(key)
  return key
}
