/**
 * Citations of a document in its citation style (the in-text citation with its paragraph
 * locator, and the reference-list entry), formatted by citation-js so every export cites the way
 * readers expect.
 */
/// <reference path="./citation-js.d.ts" />
import { Cite, type CiteEntry } from '@citation-js/core'
import '@citation-js/plugin-csl'
import type { CslItem } from '@warrant/document'
import { CITATION_LANG, type CitationStyle, styleTemplate } from './styles'

/** A formatted citation: the in-text form with its locator and the reference-list entry. */
export interface Citation {
  /** In-text citation with the locator, e.g. "(Choi, 2024, para. 4)" in APA. */
  text: string
  style: CitationStyle
  /** The reference-list entry, plain text. */
  reference: string
}

/** Where in the document a citation points; `page` only when the source had pages. */
export interface CitationLocator {
  paragraph: number | null
  page?: number | null
}

/** A parsed item and what has been formatted from it in one style (citeproc takes ms a call). */
interface ItemFormatter {
  cite: Cite
  template: string
  reference: string
  texts: Map<string, string>
}

/** Items kept formatted at once; an export cites one document, a server a handful. */
const CACHE_SIZE = 32
const formatters = new Map<string, ItemFormatter>()

/**
 * The citation of an item at a locator in a style (APA unless named); the paragraph comes after
 * the page when paged, each as the style labels it ("p. 3, para. 4" in APA).
 */
export function formatCitation(
  item: CslItem,
  locator: CitationLocator,
  style: CitationStyle = 'apa',
): Citation {
  const formatter = formatterFor(item, style)
  const entry = citeEntry(item.id, locator)
  const key = `${entry.label ?? ''}|${entry.locator ?? ''}`
  let text = formatter.texts.get(key)
  if (text === undefined) {
    text = formatter.cite
      .format('citation', {
        format: 'text',
        template: formatter.template,
        lang: CITATION_LANG,
        entry: [entry],
      })
      .trim()
    formatter.texts.set(key, text)
  }
  return { text, style, reference: formatter.reference }
}

/** A locator as a CSL cite item carries it: one locator string under one label. */
export interface CslLocator {
  label: 'page' | 'paragraph'
  locator: string
}

/**
 * The CSL locator of a citation locator, or null when it has neither page nor paragraph. CSL has
 * one locator per cite, so a page and a paragraph travel together under the page label ("12,
 * para. 4"); citeproc reads the "para." back as a paragraph label, so each style prints it its
 * own way ("p. 12, para. 4", MLA "12, par. 4").
 */
export function cslLocator(locator: CitationLocator): CslLocator | null {
  const { paragraph, page } = locator
  const hasPage = page !== null && page !== undefined
  if (hasPage && paragraph !== null) {
    return { label: 'page', locator: `${page}, para. ${paragraph}` }
  }
  if (hasPage) return { label: 'page', locator: String(page) }
  if (paragraph !== null) return { label: 'paragraph', locator: String(paragraph) }
  return null
}

/** The CSL cite item of an item at a locator. */
function citeEntry(id: string, locator: CitationLocator): CiteEntry {
  const at = cslLocator(locator)
  return at === null ? { id } : { id, label: at.label, locator: at.locator }
}

/**
 * The cached formatter of an item in a style, keyed by the style and the item's content so an
 * edited record (or another style) is formatted anew.
 */
function formatterFor(item: CslItem, style: CitationStyle): ItemFormatter {
  const template = styleTemplate(style)
  const key = `${style}\n${JSON.stringify(item)}`
  const cached = formatters.get(key)
  if (cached) {
    // Refresh its place so the least recently used item is the one evicted.
    formatters.delete(key)
    formatters.set(key, cached)
    return cached
  }
  const cite = new Cite(item)
  const reference = cite
    .format('bibliography', { format: 'text', template, lang: CITATION_LANG })
    .trim()
  const formatter: ItemFormatter = { cite, template, reference, texts: new Map() }
  formatters.set(key, formatter)
  if (formatters.size > CACHE_SIZE) {
    const oldest = formatters.keys().next().value
    if (oldest !== undefined) formatters.delete(oldest)
  }
  return formatter
}
