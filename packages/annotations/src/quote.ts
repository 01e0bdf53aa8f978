/**
 * Text quotes: the exact passage with its context, captured when an annotation is
 * made and matched (exactly, or modulo whitespace at block boundaries; never fuzzily)
 * when its relative positions are lost.
 */
import { AnnotationError } from './error'
import type { TextQuote, TextSpan } from './model'
import {
  gapBefore,
  gapsAgree,
  mapIntoGap,
  runAgrees,
  type Skeleton,
  skeletonOf,
} from './whitespace'

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

/**
 * A matcher of quotes against one text, as anchoring falls back to it: the one occurrence whose
 * text and context equal the quote's modulo whitespace at block boundaries (a paragraph split or
 * joined in the quote or its context). An exact copy and a split original are equally good, so
 * two or more matches of either sort are ambiguous, never a guess.
 */
export function quoteFinder(text: string): (quote: QuoteQuery) => QuoteMatch {
  let skeleton: Skeleton | null = null
  return (quote) => {
    // A quote of whitespace alone has no characters to align on: only an exact match counts.
    if (quote.exact.trim() === '') return matchQuote(text, quote)
    skeleton ??= skeletonOf(text)
    return matchModuloWhitespace(skeleton, quote)
  }
}

function matchModuloWhitespace(text: Skeleton, quote: QuoteQuery): QuoteMatch {
  const exact = skeletonOf(quote.exact)
  const prefix = skeletonOf(quote.prefix ?? '')
  const suffix = skeletonOf(quote.suffix ?? '')
  const found: TextSpan[] = []
  for (
    let k = text.chars.indexOf(exact.chars);
    k !== -1;
    k = text.chars.indexOf(exact.chars, k + 1)
  ) {
    const span = placeAt(text, k, exact, prefix, suffix)
    if (span) found.push(span)
  }
  const [span] = found
  if (found.length === 1 && span) return { span }
  return found.length === 0
    ? { error: 'absent', count: 0 }
    : { error: 'ambiguous', count: found.length }
}

/** The span of `exact` found at skeleton character `k` of the text, or null when a gap or the context disagrees. */
function placeAt(
  text: Skeleton,
  k: number,
  exact: Skeleton,
  prefix: Skeleton,
  suffix: Skeleton,
): TextSpan | null {
  const length = exact.chars.length
  const after = k + length
  if (!runAgrees(exact, 0, text, k, length)) return null
  const lead = exact.at[0]!
  const tail = exact.text.length - exact.at[length - 1]! - 1
  const prefixTrail = prefix.text.length - (prefix.chars ? prefix.at[prefix.at.length - 1]! + 1 : 0)
  const suffixLead = suffix.chars ? suffix.at[0]! : suffix.text.length
  // Context, as far as the text reaches, including the gaps where it meets the quote.
  const before = Math.min(prefix.chars.length, k)
  if (before > 0) {
    if (!runAgrees(prefix, prefix.chars.length - before, text, k - before, before)) return null
    const stored = prefix.text.slice(prefix.text.length - prefixTrail) + exact.text.slice(0, lead)
    if (!gapsAgree(stored, gapBefore(text, k))) return null
  }
  const behind = Math.min(suffix.chars.length, text.chars.length - after)
  if (behind > 0) {
    if (!runAgrees(suffix, 0, text, after, behind)) return null
    const stored = exact.text.slice(exact.text.length - tail) + suffix.text.slice(0, suffixLead)
    if (!gapsAgree(stored, gapBefore(text, after))) return null
  }
  // The quote's own leading and trailing whitespace, mapped into the gaps that now surround it.
  const startGap = gapBefore(text, k).length
  const endGap = gapBefore(text, after).length
  const first = text.at[k]!
  const last = text.at[after - 1]! + 1
  return {
    start:
      first -
      startGap +
      (lead === 0 ? startGap : mapIntoGap(prefixTrail, prefixTrail + lead, startGap)),
    end: last + (tail === 0 ? 0 : mapIntoGap(tail, tail + suffixLead, endGap)),
  }
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
