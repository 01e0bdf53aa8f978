/**
 * Text quotes: the exact passage with its context, captured when an annotation is
 * made and matched exactly (never fuzzily) when its relative positions are lost.
 */
import { AnnotationError } from './error'
import type { TextQuote, TextSpan } from './model'

/** Characters (UTF-16 code units) of context kept either side of a quote. */
export const QUOTE_CONTEXT = 32

/** The one span a quote matches, or why there is not exactly one. */
export type QuoteMatch = { span: TextSpan } | { error: 'absent' | 'ambiguous'; count: number }

/** A quote to look for; prefix and suffix narrow the occurrences of `exact`. */
export interface QuoteQuery {
  exact: string
  prefix?: string
  suffix?: string
}

/**
 * Finds the one exact occurrence of a quote in `text` whose surroundings agree with
 * its prefix and suffix (as far as the text reaches: a prefix longer than the text
 * before an occurrence is compared on what is there). An empty quote is absent.
 */
export function matchQuote(text: string, quote: QuoteQuery): QuoteMatch {
  const { exact, prefix = '', suffix = '' } = quote
  if (exact === '') return { error: 'absent', count: 0 }
  const found: number[] = []
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    if (endsWithOverlap(text, at, prefix) && startsWithOverlap(text, at + exact.length, suffix)) {
      found.push(at)
    }
  }
  const [start] = found
  if (found.length === 1 && start !== undefined) {
    return { span: { start, end: start + exact.length } }
  }
  return found.length === 0
    ? { error: 'absent', count: 0 }
    : { error: 'ambiguous', count: found.length }
}

/** Whether the text before `at` ends with the part of `prefix` that fits there. */
function endsWithOverlap(text: string, at: number, prefix: string): boolean {
  const n = Math.min(prefix.length, at)
  return text.slice(at - n, at) === prefix.slice(prefix.length - n)
}

/** Whether the text from `at` starts with the part of `suffix` that fits there. */
function startsWithOverlap(text: string, at: number, suffix: string): boolean {
  const n = Math.min(suffix.length, text.length - at)
  return text.slice(at, at + n) === suffix.slice(0, n)
}

/** The quote of a span: its text and up to 32 code units of context, never half a surrogate pair. */
export function quoteAt(text: string, span: TextSpan): TextQuote {
  const { start, end } = span
  if (
    !(
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      start <= end &&
      end <= text.length
    )
  ) {
    throw new AnnotationError(
      'span-out-of-range',
      `span ${start}..${end} is outside the text (length ${text.length})`,
    )
  }
  let from = Math.max(0, start - QUOTE_CONTEXT)
  if (from > 0 && isLowSurrogate(text, from) && isHighSurrogate(text, from - 1)) from += 1
  let to = Math.min(text.length, end + QUOTE_CONTEXT)
  if (to < text.length && isLowSurrogate(text, to) && isHighSurrogate(text, to - 1)) to -= 1
  return {
    exact: text.slice(start, end),
    prefix: text.slice(from, start),
    suffix: text.slice(end, to),
  }
}

function isHighSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at)
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at)
  return code >= 0xdc00 && code <= 0xdfff
}
