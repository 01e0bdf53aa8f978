/**
 * Where a create request points: the span of the document's canonical text that its quote
 * (found exactly once, with prefix and suffix to pick between repeats) or its text position
 * names, with a 422 that says what is wrong when there is none.
 */
import { matchQuote, type TextSpan } from '@warrant/annotations'
import { ApiError } from '../errors'

/** A quote as a create request gives it. */
export interface QuoteRequest {
  exact: string
  prefix?: string | undefined
  suffix?: string | undefined
}

/** The span a create request names by `quote` or by `position` in `text`; 422 otherwise. */
export function spanOf(
  request: { quote?: QuoteRequest | undefined; position?: TextSpan | undefined },
  text: string,
): TextSpan {
  if (request.quote) return spanOfQuote(request.quote, text)
  if (request.position) return spanOfPosition(request.position, text)
  throw new ApiError(422, 'give either "quote": {exact, prefix?, suffix?} or "position"', 'quote')
}

/** The one place `quote` occurs in `text`; 422 when it is empty, too long, absent or repeated. */
export function spanOfQuote(quote: QuoteRequest, text: string): TextSpan {
  const { exact } = quote
  if (exact.length === 0) {
    throw new ApiError(
      422,
      'the quote is empty: quote at least one character of the document',
      'quote.exact',
    )
  }
  if (exact.length > text.length) {
    throw new ApiError(
      422,
      `the quote is longer than the document (${exact.length} characters; the document has ${text.length})`,
      'quote.exact',
    )
  }
  const match = matchQuote(text, quote)
  if ('span' in match) return match.span
  const shown = exact.length > 80 ? `${exact.slice(0, 77)}...` : exact
  if (match.error === 'absent') {
    throw new ApiError(
      422,
      `the quote "${shown}" is absent: it does not occur in the document`,
      'quote.exact',
    )
  }
  throw new ApiError(
    422,
    `the quote "${shown}" is ambiguous: it occurs ${match.count} times; add a prefix or suffix to pick one`,
    'quote',
  )
}

/** `position` when it is a non-empty span of `text`; 422 saying how it falls outside. */
export function spanOfPosition(position: TextSpan, text: string): TextSpan {
  const { start, end } = position
  if (start >= end) {
    throw new ApiError(
      422,
      `position ${start}..${end} is empty: "end" must be after "start" (an annotation needs at least one character)`,
      'position',
    )
  }
  if (end > text.length) {
    throw new ApiError(
      422,
      `position ${start}..${end} runs past the end of the document (its text has ${text.length} characters)`,
      'position.end',
    )
  }
  return { start, end }
}
