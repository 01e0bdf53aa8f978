/**
 * The bibliographic record of a web page, read from its meta tags: the Highwire `citation_*`
 * tags publishers write for Google Scholar first, then Open Graph and `article:*`, then plain
 * HTML (`<title>`, `author`, `description`, the canonical link).
 */
import type { CslDate, CslItem, CslName } from './csl'
import { safeHref } from './links'

/** Every meta tag's content by its lowercased `name` or `property`, in document order. */
function metaTags(document: Document): Map<string, string[]> {
  const tags = new Map<string, string[]>()
  for (const meta of Array.from(document.querySelectorAll('meta'))) {
    const key = (meta.getAttribute('name') ?? meta.getAttribute('property') ?? '').toLowerCase()
    const content = (meta.getAttribute('content') ?? '').replace(/\s+/g, ' ').trim()
    if (key === '' || content === '') continue
    tags.set(key, [...(tags.get(key) ?? []), content])
  }
  return tags
}

/** A name as written: 'Family, Given', else a literal (an institution, or a name in any order). */
function cslName(text: string): CslName {
  const comma = text.indexOf(',')
  if (comma < 0) return { literal: text }
  return { family: text.slice(0, comma).trim(), given: text.slice(comma + 1).trim() }
}

/** A date as pages write it ('2024', '2024/05/01', '2024-05-01T09:00:00Z'), else kept raw. */
function cslDate(text: string): CslDate {
  const match = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s])/.exec(text)
  if (!match) return { raw: text }
  const [year, month, day] = match.slice(1).map((part) => (part ? Number(part) : undefined))
  const parts: number[] = [year!]
  if (month !== undefined && month >= 1 && month <= 12) {
    parts.push(month)
    if (day !== undefined && day >= 1 && day <= 31) parts.push(day)
  }
  return { 'date-parts': [parts] }
}

/** An http(s) address of the page, resolved against `base`, or null. */
function webAddress(text: string | null | undefined, base: string | undefined): string | null {
  if (!text) return null
  let resolved: string
  try {
    resolved = new URL(text.trim(), base).href
  } catch {
    return null
  }
  const safe = safeHref(resolved)
  return safe?.startsWith('http') ? safe : null
}

/** The CSL type the `citation_*` tags imply: a report, a journal or conference paper, a thesis. */
function typeOf(tags: Map<string, string[]>): string {
  const has = (name: string) => tags.has(name)
  if (has('citation_technical_report_institution') || has('citation_technical_report_number')) {
    return 'report'
  }
  if (has('citation_journal_title')) return 'article-journal'
  if (has('citation_conference_title')) return 'paper-conference'
  if (has('citation_dissertation_institution')) return 'thesis'
  if (has('citation_title')) return 'article'
  return 'webpage'
}

/** The record a page's meta tags give; `baseUrl` is where the page came from, when known. */
export function htmlRecord(document: Document, baseUrl?: string): Partial<CslItem> {
  const tags = metaTags(document)
  const first = (...names: string[]) => {
    for (const name of names) {
      const value = tags.get(name)?.[0]
      if (value !== undefined) return value
    }
    return undefined
  }
  const record: Partial<CslItem> = { type: typeOf(tags) }
  const site = first('og:site_name')
  const pageTitle = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim()
  const title =
    first('citation_title', 'og:title', 'dc.title') || withoutSiteName(pageTitle ?? '', site)
  if (title) record.title = title

  const citationAuthors = tags.get('citation_author') ?? tags.get('dc.creator')
  const otherAuthors = [...(tags.get('author') ?? []), ...(tags.get('article:author') ?? [])]
    .flatMap((value) => value.split(';'))
    .map((value) => value.trim())
    .filter((value) => value !== '' && !/^https?:/i.test(value))
  const authors = citationAuthors ?? otherAuthors
  if (authors.length > 0) record.author = authors.map(cslName)

  const issued = first(
    'citation_publication_date',
    'citation_date',
    'article:published_time',
    'date',
    'dc.date',
  )
  if (issued) record.issued = cslDate(issued)
  const publisher = first('citation_publisher', 'dc.publisher') ?? site
  if (publisher) record.publisher = publisher
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href')
  const url =
    webAddress(first('og:url'), baseUrl) ??
    webAddress(canonical, baseUrl) ??
    webAddress(baseUrl, undefined)
  if (url) record.URL = url
  const abstract = first('citation_abstract', 'description', 'og:description', 'dc.description')
  if (abstract) record.abstract = abstract

  const container = first('citation_journal_title', 'citation_conference_title')
  if (container) record['container-title'] = container
  const doi = first('citation_doi')?.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i, '')
  if (doi) record.DOI = doi
  for (const [tag, field] of [
    ['citation_volume', 'volume'],
    ['citation_issue', 'issue'],
  ] as const) {
    const value = first(tag)
    if (value) record[field] = value
  }
  const firstPage = first('citation_firstpage')
  const lastPage = first('citation_lastpage')
  if (firstPage) record.page = lastPage ? `${firstPage}-${lastPage}` : firstPage
  const language = document.documentElement?.getAttribute('lang')?.trim()
  if (language) record.language = language
  return record
}

/** A `<title>` without the site name pages append to it ('Title | Site', 'Title - Site'). */
function withoutSiteName(title: string, site: string | undefined): string {
  if (!site) return title
  for (const separator of [' | ', ' - ', ' – ', ' — ', ' :: ']) {
    if (title.endsWith(`${separator}${site}`)) return title.slice(0, -(separator + site).length)
  }
  return title
}
