/**
 * Joins the lines of a PDF paragraph into one text, rejoining words that typesetting hyphenated
 * at a line end while keeping the hyphen of compounds ("COVID-19", "year-on-year").
 */

const hyphenEnd = /([\p{L}\p{N}])([-\u2010\u00AD])$/u
const dashEnd = /\S[\u2013\u2014]$/u
const lowerStart = /^\p{Ll}/u
const wordPattern = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*[\p{L}\p{N}]/gu

/** The words of a document as written inside lines (a word hyphenated at a line end excluded), lower-cased. */
export function documentWords(lines: readonly string[]): Set<string> {
  const words = new Set<string>()
  for (const line of lines) {
    const inside = hyphenEnd.test(line) ? line.replace(/\S+$/, '') : line
    for (const match of inside.matchAll(wordPattern)) words.add(match[0].toLowerCase())
  }
  return words
}

/**
 * How a line ending in a hyphen joins the next line: a soft hyphen goes; before a lower-case
 * letter the hyphen goes ("inter-" + "national") unless the document writes the hyphenated
 * form elsewhere and never the closed one; otherwise the hyphen stays ("Russo-" + "DPRK").
 */
function joinHyphenated(prev: string, next: string, words: ReadonlySet<string>): string {
  const match = hyphenEnd.exec(prev)!
  const stem = prev.slice(0, -1)
  if (match[2] === '\u00AD') return stem + next
  if (!lowerStart.test(next)) return prev + next
  const head = /[\p{L}\p{M}\p{N}'’-]*$/u.exec(stem)![0].toLowerCase()
  const tail = /^[\p{L}\p{M}\p{N}'’-]*/u
    .exec(next)![0]
    .toLowerCase()
    .replace(/[-'’]+$/, '')
  const keep = words.has(`${head}-${tail}`) && !words.has(head + tail)
  return keep ? prev + next : stem + next
}

/** Joins a paragraph's lines: a space between lines, none after a hyphen or a closed-up dash. */
export function joinLines(lines: readonly string[], words: ReadonlySet<string>): string {
  let text = ''
  for (const raw of lines) {
    const line = raw.trim()
    if (line === '') continue
    if (text === '') text = line
    else if (hyphenEnd.test(text)) text = joinHyphenated(text, line, words)
    else if (dashEnd.test(text)) text += line
    else text += ` ${line}`
  }
  return text
}
