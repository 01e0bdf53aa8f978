/**
 * The bibliographic header above the text: title, authors, publisher and year, read from the
 * document's CSL record so what the reader sees is what a citation will say.
 */
import type { CslDate, CslItem, CslName, TextBlock } from '@warrant/document'

function nameText(name: CslName): string {
  if (name.literal !== undefined) return name.literal
  return [name.family, name.given].filter((part) => part !== undefined && part !== '').join(', ')
}

function year(date: CslDate | undefined): string {
  const first = date?.['date-parts']?.[0]?.[0]
  if (first !== undefined) return String(first)
  return date?.literal ?? date?.raw ?? ''
}

/** Options of `renderBibliography`. */
export interface BibliographyOptions {
  /** The title to show when the record has none. */
  fallbackTitle: string
  /** False when the text itself opens with its title, so it is not shown twice. */
  showTitle: boolean
}

/** True when the canonical text opens with a heading that reads as the title. */
export function opensWithTitle(text: string, blocks: TextBlock[], title: string): boolean {
  const first = blocks[0]
  return (
    first !== undefined &&
    first.heading !== null &&
    text.slice(first.start, first.end).trim() === title.trim()
  )
}

function part(className: string, text: string): HTMLElement {
  const span = document.createElement('span')
  span.className = className
  span.textContent = text
  return span
}

// Parts joined by a middle dot, empty ones left out.
function joined(into: HTMLElement, parts: Array<HTMLElement | null>): void {
  for (const piece of parts) {
    if (piece === null || piece.textContent === '') continue
    if (into.childNodes.length > 0) into.append(' · ')
    into.append(piece)
  }
}

/**
 * Renders the header of a document from its CSL record: genre, title, authors, then publisher,
 * year and source (all text set as text, never HTML).
 */
export function renderBibliography(record: CslItem, options: BibliographyOptions): HTMLElement {
  const header = document.createElement('header')
  header.className = 'bibliography'

  const genre = document.createElement('p')
  genre.className = 'bibliography-genre'
  genre.textContent = record.genre ?? ''
  genre.hidden = genre.textContent === ''

  const title = document.createElement('h1')
  title.className = 'bibliography-title'
  title.textContent = record.title ?? options.fallbackTitle
  title.hidden = !options.showTitle

  const byline = document.createElement('p')
  byline.className = 'bibliography-byline'
  const authors = (record.author ?? []).map(nameText).filter((text) => text !== '')
  byline.append(part('bibliography-author', authors.join('; ')))
  byline.hidden = authors.length === 0

  const imprint = document.createElement('p')
  imprint.className = 'bibliography-imprint'
  let source: HTMLElement | null = null
  if (typeof record.URL === 'string' && /^https?:\/\//.test(record.URL)) {
    const link = document.createElement('a')
    link.className = 'bibliography-source'
    link.href = record.URL
    link.rel = 'noopener noreferrer'
    link.target = '_blank'
    link.textContent = new URL(record.URL).host
    source = link
  }
  joined(imprint, [
    part('bibliography-publisher', record.publisher ?? ''),
    part('bibliography-year', year(record.issued)),
    source,
  ])

  header.append(genre, title, byline, imprint)
  return header
}
