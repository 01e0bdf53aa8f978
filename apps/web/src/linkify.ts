/**
 * Links in what readers write (comments, notes): the text is cut into plain segments and web
 * links, and only http(s) addresses ever become links. Everything else, `javascript:`, `data:`
 * and `vbscript:` addresses included, stays text. The DOM is built from text nodes and anchors
 * with a parsed href, never from HTML, so nothing a reader writes can run in another's browser.
 */
import { safeHref } from '@warrant/document'

/** A run of a reader's text: plain text, or a web link with the address it opens. */
export type LinkSegment =
  | { type: 'text'; text: string }
  | { type: 'link'; text: string; href: string }

/** Candidate web addresses: an http(s) scheme up to the next whitespace or angle bracket. */
const candidate = /\bhttps?:\/\/[^\s<>"]+/gi

/** Punctuation that ends a sentence rather than the address it follows. */
const trailing = /[.,;:!?'"*_~]$/

/** Cuts trailing punctuation off an address, keeping a `)` that closes one opened inside it. */
function trimAddress(address: string): string {
  let end = address
  for (;;) {
    if (trailing.test(end)) {
      end = end.slice(0, -1)
      continue
    }
    const close = end.at(-1)
    const open = close === ')' ? '(' : close === ']' ? '[' : close === '}' ? '{' : null
    if (open !== null && close !== undefined) {
      const opened = end.split(open).length - 1
      const closed = end.split(close).length - 1
      if (closed > opened) {
        end = end.slice(0, -1)
        continue
      }
    }
    return end
  }
}

/** The segments of `text`: its http(s) links and the plain text between them, in order. */
export function linkSegments(text: string): LinkSegment[] {
  const segments: LinkSegment[] = []
  let plain = ''
  let at = 0
  for (const match of text.matchAll(candidate)) {
    const start = match.index ?? 0
    const address = trimAddress(match[0])
    const href = safeHref(address)
    if (href === null) continue
    plain += text.slice(at, start)
    if (plain !== '') segments.push({ type: 'text', text: plain })
    plain = ''
    segments.push({ type: 'link', text: address, href })
    at = start + address.length
  }
  plain += text.slice(at)
  if (plain !== '') segments.push({ type: 'text', text: plain })
  return segments
}

/** Fills `parent` with `text`, its web links as anchors that open in a new tab without referrer. */
export function renderLinkedText(parent: HTMLElement, text: string): void {
  const nodes = linkSegments(text).map((segment): Node => {
    if (segment.type === 'text') return document.createTextNode(segment.text)
    const link = document.createElement('a')
    link.href = segment.href
    link.textContent = segment.text
    link.target = '_blank'
    link.rel = 'noopener noreferrer nofollow'
    return link
  })
  parent.replaceChildren(...nodes)
}
