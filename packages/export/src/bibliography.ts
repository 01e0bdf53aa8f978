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
  const text = new Cite(keyedItems(exported).map(bibtexSafe)).format('bibtex')
  return `${text.trim()}\n`
}

/**
 * An item as citation-js's BibTeX writer can take it without user text closing a field early or
 * running as LaTeX: the writer escapes most values but copies three things as they are, the URL
 * and DOI, a name that is only a family (or literal) name, and the brace it opens for each
 * rich-text tag (`<i>`, `<b>`...), which a tag never closed leaves open.
 */
function bibtexSafe<T extends CslItem>(item: T): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(item)) {
    if ((key === 'URL' || key === 'DOI') && typeof value === 'string') out[key] = verbatim(value)
    else if (key === 'id' || key === 'type' || key === 'citation-key') out[key] = value
    else if (typeof value === 'string') out[key] = closeRichText(value)
    else if (Array.isArray(value)) out[key] = value.map(safeName)
    else out[key] = value
  }
  return out as T
}

/** A verbatim value: braces, backslashes, whitespace and control characters percent-encoded. */
function verbatim(value: string): string {
  return value.replace(/[{}\\\s\p{Cc}]/gu, (c) => encodeURIComponent(c))
}

/** LaTeX for the characters a name that citation-js copies unescaped could break a field with. */
const latex: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  $: '\\textdollar{}',
  _: '\\textunderscore{}',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
}

/** A name with nothing but a family or literal name, escaped (citation-js copies it as it is). */
function safeName(name: unknown): unknown {
  if (typeof name !== 'object' || name === null) return name
  const { family, literal, given, suffix } = name as Record<string, unknown>
  const particle = (name as Record<string, unknown>)['non-dropping-particle']
  const toLatex = (text: string) => text.replace(/[\\{}<>^~$_&%#]/g, (c) => latex[c]!)
  if (typeof literal === 'string') return { ...name, literal: toLatex(literal) }
  if (typeof family === 'string' && !given && !suffix && !particle) {
    return { ...name, family: toLatex(family) }
  }
  return name
}

/** A rich-text tag as citation-js's BibTeX writer finds them, and the close of each it opens. */
const richTag = /<(\/?(?:i|b|sc|sup|sub|span)|span .*?)>/g
const closing: Record<string, string> = {
  i: '/i',
  b: '/b',
  sc: '/sc',
  sup: '/sup',
  sub: '/sub',
  'span style="font-variant:small-caps;"': '/span',
  'span class="nocase"': '/span',
}

/** The value with the rich-text tags it leaves open closed at its end, as the writer pairs them. */
function closeRichText(value: string): string {
  const open: string[] = []
  for (const [, tag] of value.matchAll(richTag)) {
    if (Object.hasOwn(closing, tag!)) open.push(closing[tag!]!)
    else if (tag === open[open.length - 1]) open.pop()
  }
  return (
    value +
    open
      .reverse()
      .map((tag) => `<${tag}>`)
      .join('')
  )
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

/**
 * A value on one line with single spaces: a RIS line ends its value, and readers that split a
 * line at its first two-space dash (citation-js among them) cut a value at any later one.
 */
function oneLine(value: string): string {
  return String(value).replace(/\s+/g, ' ')
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
