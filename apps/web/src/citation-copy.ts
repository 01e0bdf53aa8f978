/**
 * "Copy citation" on a card: asks the server for the annotation's citation in the document's
 * style (the same one every export uses, with the paragraph locator, and the page before it when
 * the source had pages) and puts the quote with it on the clipboard, e.g. “Exports fell by 86.3
 * percent” (Choi, 2024, para. 6), or (Choi, 2024, p. 3, para. 6) for a PDF. Whether it worked is
 * said in text next to the button; a viewer may copy too.
 */
import { getJSON } from './api'

/** The server's answer for one annotation's citation; `page` only where the source had pages. */
export interface AnnotationCitation {
  style: string
  text: string
  quote: string
  locator: { paragraph: number | null; page?: number }
}

/** The clipboard text of a citation: the quote in curly quotes, then the in-text citation. */
export function citationClipboardText(citation: AnnotationCitation): string {
  const quote = citation.quote.replace(/\s+/g, ' ').trim()
  return quote === '' ? citation.text : `“${quote}” ${citation.text}`
}

/** Fetches an annotation's citation in the document's style. */
export function fetchAnnotationCitation(
  documentId: string,
  annotationId: string,
): Promise<AnnotationCitation> {
  const path = `/api/documents/${encodeURIComponent(documentId)}/annotations/${encodeURIComponent(annotationId)}/citation`
  return getJSON<AnnotationCitation>(path)
}

/** Options of `createCitationCopy`. */
export interface CitationCopyOptions {
  documentId: string
  annotation: string
}

/** How long "Copied" stays before the status line clears, in milliseconds. */
const statusLife = 4000

/** Builds a card's "Copy citation" button with its status line. */
export function createCitationCopy(options: CitationCopyOptions): HTMLElement {
  const element = document.createElement('div')
  element.className = 'card-cite'
  const copy = document.createElement('button')
  copy.type = 'button'
  copy.className = 'button-link card-cite-copy'
  copy.textContent = 'Copy citation'
  copy.title = 'Copy the quote and its citation, with the paragraph (and page), to the clipboard'
  const status = document.createElement('span')
  status.className = 'card-cite-status'
  status.setAttribute('role', 'status')
  element.append(copy, status)
  let clearing: ReturnType<typeof setTimeout> | null = null

  const say = (text: string, failed: boolean): void => {
    status.textContent = text
    status.classList.toggle('is-error', failed)
    if (clearing !== null) clearTimeout(clearing)
    clearing = failed
      ? null
      : setTimeout(() => {
          status.textContent = ''
          clearing = null
        }, statusLife)
  }

  copy.addEventListener('click', async () => {
    copy.disabled = true
    say('Copying…', false)
    try {
      const citation = await fetchAnnotationCitation(options.documentId, options.annotation)
      const text = citationClipboardText(citation)
      if (navigator.clipboard === undefined) throw new Error('this browser gives no clipboard here')
      await navigator.clipboard.writeText(text)
      say('Copied', false)
    } catch (failure) {
      const reason = failure instanceof Error ? failure.message : String(failure)
      say(`Could not copy the citation: ${reason}`, true)
    } finally {
      copy.disabled = false
    }
  })
  return element
}
