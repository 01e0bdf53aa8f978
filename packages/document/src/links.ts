/**
 * Which link addresses a document may carry. A brief arrives from pasted HTML, imports and
 * collaborators' edits; a `javascript:` or `data:` address in any of them would run or load
 * something when a reader clicks it, so only web and mail addresses survive.
 */

const safeProtocols = new Set(['http:', 'https:', 'mailto:'])

/** The address `text` opens when it is a well-formed http(s) URL with a host or a mailto, else null. */
export function safeHref(text: string): string | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  if (!safeProtocols.has(url.protocol)) return null
  if (url.protocol !== 'mailto:' && url.hostname === '') return null
  return url.href
}
