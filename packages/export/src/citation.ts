/**
 * APA citations of a document (the in-text citation with its paragraph locator, and the
 * reference-list entry), formatted by citation-js so every export cites the way readers expect.
 */
/// <reference path="./citation-js.d.ts" />
import { Cite, type CiteEntry } from '@citation-js/core'
import '@citation-js/plugin-csl'
import type { CslItem } from '@warrant/document'

/** A formatted citation: the in-text form with its locator and the reference-list entry. */
export interface Citation {
  /** In-text citation with the locator, e.g. "(Choi, 2024, para. 4)". */
  text: string
  style: 'apa'
  /** The reference-list entry, plain text. */
  reference: string
}

/** Where in the document a citation points; `page` only when the source had pages. */
export interface CitationLocator {
  paragraph: number | null
  page?: number | null
}

/** A parsed item and what has been formatted from it (citeproc takes milliseconds per call). */
interface ItemFormatter {
  cite: Cite
  reference: string
  texts: Map<string, string>
}

const STYLE = 'apa'
const LANG = 'en-US'
/** Items kept formatted at once; an export cites one document, a server a handful. */
const CACHE_SIZE = 32
const formatters = new Map<string, ItemFormatter>()

/** The APA citation of an item at a locator (paragraph as "para. N", after "p. N" when paged). */
export function formatCitation(item: CslItem, locator: CitationLocator): Citation {
  const formatter = formatterFor(item)
  const entry = citeEntry(item.id, locator)
  const key = `${entry.label ?? ''}|${entry.locator ?? ''}`
  let text = formatter.texts.get(key)
  if (text === undefined) {
    text = formatter.cite
      .format('citation', { format: 'text', template: STYLE, lang: LANG, entry: [entry] })
      .trim()
    formatter.texts.set(key, text)
  }
  return { text, style: STYLE, reference: formatter.reference }
}

/**
 * The CSL cite item for a locator. CSL has one locator per cite, so a page and a paragraph
 * travel together under the page label ("12, para. 4"), which citeproc prints as "p. 12, para. 4".
 */
function citeEntry(id: string, locator: CitationLocator): CiteEntry {
  const { paragraph, page } = locator
  const hasPage = page !== null && page !== undefined
  if (hasPage && paragraph !== null) {
    return { id, label: 'page', locator: `${page}, para. ${paragraph}` }
  }
  if (hasPage) return { id, label: 'page', locator: String(page) }
  if (paragraph !== null) return { id, label: 'paragraph', locator: String(paragraph) }
  return { id }
}

/** The cached formatter of an item, keyed by its content so an edited record is formatted anew. */
function formatterFor(item: CslItem): ItemFormatter {
  const key = JSON.stringify(item)
  const cached = formatters.get(key)
  if (cached) {
    // Refresh its place so the least recently used item is the one evicted.
    formatters.delete(key)
    formatters.set(key, cached)
    return cached
  }
  const cite = new Cite(item)
  const reference = cite
    .format('bibliography', { format: 'text', template: STYLE, lang: LANG })
    .trim()
  const formatter: ItemFormatter = { cite, reference, texts: new Map() }
  formatters.set(key, formatter)
  if (formatters.size > CACHE_SIZE) {
    const oldest = formatters.keys().next().value
    if (oldest !== undefined) formatters.delete(oldest)
  }
  return formatter
}
