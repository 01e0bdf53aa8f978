/**
 * Text compared modulo whitespace at block boundaries: splitting a paragraph turns the ' ' (or
 * nothing) between two characters into '\n', joining two turns '\n' into nothing, and neither
 * changes what the text says. Every other character must be equal, so a lookalike never passes.
 */

/** A text's non-whitespace characters and where each sits in the text. */
export interface Skeleton {
  text: string
  /** The non-whitespace characters, in order. */
  chars: string
  /** `at[i]` is the offset in `text` of `chars[i]`. */
  at: Int32Array
}

const WHITESPACE = /\s/

/** The skeleton of a text (one pass). */
export function skeletonOf(text: string): Skeleton {
  const at = new Int32Array(text.length)
  let chars = ''
  let n = 0
  let run = 0
  for (let i = 0; i < text.length; i++) {
    if (WHITESPACE.test(text[i]!)) {
      if (i > run) chars += text.slice(run, i)
      run = i + 1
    } else {
      at[n++] = i
    }
  }
  if (text.length > run) chars += text.slice(run)
  return { text, chars, at: at.subarray(0, n) }
}

/**
 * Whether two whitespace gaps (the text between two characters) say the same: equal, both some
 * whitespace, or one empty where the other holds a block boundary ('\n'). A space added or
 * removed inside a paragraph is a real edit and does not agree.
 */
export function gapsAgree(a: string, b: string): boolean {
  if (a === b) return true
  if (a !== '' && b !== '') return true
  return a.includes('\n') || b.includes('\n')
}

/** The whitespace between the skeleton's characters `i - 1` and `i` (text edges included). */
export function gapBefore(skeleton: Skeleton, i: number): string {
  const from = i > 0 ? skeleton.at[i - 1]! + 1 : 0
  const to = i < skeleton.at.length ? skeleton.at[i]! : skeleton.text.length
  return skeleton.text.slice(from, to)
}

/**
 * Whether `a` and `b` have the same characters and agreeing gaps between them (their leading and
 * trailing whitespace must agree too).
 */
export function sameModuloBlockWhitespace(a: string, b: string): boolean {
  if (a === b) return true
  const x = skeletonOf(a)
  const y = skeletonOf(b)
  if (x.chars !== y.chars) return false
  for (let i = 0; i <= x.at.length; i++) {
    if (!gapsAgree(gapBefore(x, i), gapBefore(y, i))) return false
  }
  return true
}

/**
 * Whether the `count` characters of `inner` from `from` match the text skeleton's from `at`,
 * with the gaps between them agreeing.
 */
export function runAgrees(
  inner: Skeleton,
  from: number,
  outer: Skeleton,
  at: number,
  count: number,
): boolean {
  if (inner.chars.slice(from, from + count) !== outer.chars.slice(at, at + count)) return false
  for (let i = 1; i < count; i++) {
    if (!gapsAgree(gapBefore(inner, from + i), gapBefore(outer, at + i))) return false
  }
  return true
}

/** Where a position inside a stored gap falls in the corresponding current gap. */
export function mapIntoGap(offset: number, storedLength: number, currentLength: number): number {
  return offset === storedLength ? currentLength : Math.min(offset, currentLength)
}
