/**
 * Version-pinned citations: an export names the version of the text its positions count in, so
 * a record cited last month can be found in today's text (at the same place, moved, or not at
 * all) by its position when the version is the same and by its quote when it is not.
 */
import { type QuoteQuery, quoteFinder, type TextSpan } from '@warrant/annotations'

/** What an exported record pins: the version its position counts in, the position, the quote. */
export interface Pin {
  version: string | null
  position: TextSpan | null
  quote: Required<QuoteQuery>
}

/**
 * Where a pinned passage is now:
 * - `unchanged`: at its pinned position, reading the same;
 * - `moved`: found exactly once by its quote in context, elsewhere;
 * - `changed`: its quote is no longer in the text (edited or deleted);
 * - `ambiguous`: its quote is there more than once, and placing it would be a guess.
 */
export type PinStatus = 'unchanged' | 'moved' | 'changed' | 'ambiguous'

/** The answer of a pin lookup; `span` is set for `unchanged` and `moved`. */
export interface PinLookup {
  status: PinStatus
  span: TextSpan | null
}

/** The text a pin is looked up in: the current canonical text and its version id. */
export interface PinnedText {
  text: string
  version: string
}

/**
 * A lookup of pins in one text (its quote index is built once): the pinned position when the
 * version is the same, else the one occurrence of the quote in its context, with the rules of
 * anchoring (whitespace at block boundaries aside), never a guess.
 */
export function pinFinder(current: PinnedText): (pin: Pin) => PinLookup {
  const find = quoteFinder(current.text)
  return (pin) => {
    const { position, quote } = pin
    const pinned =
      position !== null && current.text.slice(position.start, position.end) === quote.exact
    // The version id is a hash of the text, so the same version means the same positions.
    if (pinned && pin.version === current.version) return { status: 'unchanged', span: position }
    const match = find(quote)
    if ('span' in match) {
      const same = position !== null && sameSpan(match.span, position)
      return { status: same ? 'unchanged' : 'moved', span: match.span }
    }
    return { status: match.error === 'absent' ? 'changed' : 'ambiguous', span: null }
  }
}

function sameSpan(a: TextSpan, b: TextSpan): boolean {
  return a.start === b.start && a.end === b.end
}
