/**
 * Times as readers say them: "just now", "5 min ago", "3 h ago", "yesterday", then the date,
 * in a <time> element whose title and datetime keep the exact moment.
 */

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** How long ago `iso` was, relative to `now` (milliseconds since the epoch). */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return ''
  const ago = Math.max(0, now - then)
  if (ago < minute) return 'just now'
  if (ago < hour) return `${Math.floor(ago / minute)} min ago`
  if (ago < day) return `${Math.floor(ago / hour)} h ago`
  if (ago < 2 * day) return 'yesterday'
  if (ago < 7 * day) return `${Math.floor(ago / day)} days ago`
  return new Date(then).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  })
}

/** A <time> element showing `iso` relative to now, with the exact time as its tooltip. */
export function timeElement(iso: string): HTMLTimeElement {
  const element = document.createElement('time')
  element.dateTime = iso
  element.textContent = relativeTime(iso)
  const exact = new Date(iso)
  if (!Number.isNaN(exact.getTime())) element.title = exact.toLocaleString()
  return element
}
