import { describe, expect, it } from 'vitest'
import { AnnotationError } from './error'
import { matchQuote, quoteAt, quoteFinder } from './quote'

const text = 'Exports fell by 86.3 percent. Imports fell by 86.3 percent in May.'

describe('matchQuote', () => {
  it('finds the one exact occurrence of a quote', () => {
    expect(matchQuote(text, { exact: 'Exports fell' })).toEqual({ span: { start: 0, end: 12 } })
  })

  it('reports a quote that does not occur as absent', () => {
    expect(matchQuote(text, { exact: 'exports fell' })).toEqual({ error: 'absent', count: 0 })
  })

  it('never matches a lookalike: a quote differing by one character is absent', () => {
    expect(matchQuote(text, { exact: 'fell by 86.4 percent' })).toEqual({
      error: 'absent',
      count: 0,
    })
  })

  it('reports a quote that occurs more than once without context as ambiguous, with the count', () => {
    expect(matchQuote(text, { exact: 'fell by 86.3 percent' })).toEqual({
      error: 'ambiguous',
      count: 2,
    })
  })

  it('counts overlapping occurrences', () => {
    expect(matchQuote('aaaa', { exact: 'aa' })).toEqual({ error: 'ambiguous', count: 3 })
  })

  it('keeps the occurrence whose preceding text ends with the prefix', () => {
    expect(matchQuote(text, { exact: 'fell by 86.3 percent', prefix: 'Imports ' })).toEqual({
      span: { start: 38, end: 58 },
    })
  })

  it('keeps the occurrence whose following text starts with the suffix', () => {
    expect(matchQuote(text, { exact: 'fell by 86.3 percent', suffix: '. Imp' })).toEqual({
      span: { start: 8, end: 28 },
    })
  })

  it('needs both prefix and suffix to agree', () => {
    expect(
      matchQuote(text, { exact: 'fell by 86.3 percent', prefix: 'Imports ', suffix: '. Imp' }),
    ).toEqual({ error: 'absent', count: 0 })
  })

  it('compares a prefix longer than the text before the quote on the part that is there', () => {
    const short = 'ab QUOTE cd QUOTE'
    expect(matchQuote(short, { exact: 'QUOTE', prefix: 'a heading\nab ' })).toEqual({
      span: { start: 3, end: 8 },
    })
    expect(matchQuote(short, { exact: 'QUOTE', prefix: 'a heading\nxb ' })).toEqual({
      error: 'absent',
      count: 0,
    })
  })

  it('compares a suffix longer than the text after the quote on the part that is there', () => {
    expect(matchQuote(text, { exact: 'in May.', suffix: '\nThe next paragraph' })).toEqual({
      span: { start: 59, end: 66 },
    })
  })

  it('still rejects an occurrence whose available context disagrees', () => {
    expect(matchQuote(text, { exact: 'percent', prefix: 'x', suffix: '' })).toEqual({
      error: 'absent',
      count: 0,
    })
  })

  it('treats an empty quote as absent (it cannot anchor anything)', () => {
    expect(matchQuote(text, { exact: '' })).toEqual({ error: 'absent', count: 0 })
    expect(matchQuote('', { exact: '' })).toEqual({ error: 'absent', count: 0 })
  })

  it('matches quotes with surrogate pairs in code units', () => {
    const emoji = 'Rice 🌾 prices rose; wheat 🌾 prices fell.'
    expect(matchQuote(emoji, { exact: '🌾 prices', prefix: 'wheat ' })).toEqual({
      span: { start: 27, end: 36 },
    })
  })
})

describe('quoteAt', () => {
  const long = `${'p'.repeat(40)}QUOTE${'s'.repeat(40)}`

  it('captures the exact text and 32 code units of prefix and suffix', () => {
    expect(quoteAt(long, { start: 40, end: 45 })).toEqual({
      exact: 'QUOTE',
      prefix: 'p'.repeat(32),
      suffix: 's'.repeat(32),
    })
  })

  it('takes what there is at the start and end of the text', () => {
    expect(quoteAt('ab QUOTE cd', { start: 3, end: 8 })).toEqual({
      exact: 'QUOTE',
      prefix: 'ab ',
      suffix: ' cd',
    })
  })

  it('never splits a surrogate pair at the edge of the prefix or suffix', () => {
    // '🌾' is two code units; at offset 31 before the quote the cut would fall inside it.
    const before = `🌾${'p'.repeat(31)}`
    const after = `${'s'.repeat(31)}🌾`
    const quote = quoteAt(`${before}Q${after}`, { start: before.length, end: before.length + 1 })
    expect(quote.prefix).toBe('p'.repeat(31))
    expect(quote.suffix).toBe('s'.repeat(31))
    const whole = quoteAt(`x🌾${'p'.repeat(30)}Q`, { start: 33, end: 34 })
    expect(whole.prefix).toBe(`🌾${'p'.repeat(30)}`)
  })

  it('round-trips: the quote it captures matches back to its span', () => {
    const span = { start: 38, end: 58 }
    expect(matchQuote(text, quoteAt(text, span))).toEqual({ span })
  })

  it('refuses a span outside the text', () => {
    expect(() => quoteAt('short', { start: 2, end: 9 })).toThrow(AnnotationError)
    expect(() => quoteAt('short', { start: -1, end: 2 })).toThrow(/outside the text/)
    expect(() => quoteAt('short', { start: 3, end: 2 })).toThrow(/outside the text/)
  })
})

describe('quoteFinder (the fallback of anchoring)', () => {
  const split = "Korea's\nexports fell by 86.3 percent year-on-year, while imports rose."
  const quote = quoteAt(
    "North Korea's exports fell by 86.3 percent year-on-year, while imports rose.",
    {
      start: 14,
      end: 42,
    },
  )

  it('finds the unique exact match first', () => {
    expect(quoteFinder(text)({ exact: 'fell by 86.3 percent', prefix: 'Imports ' })).toEqual({
      span: { start: 38, end: 58 },
    })
  })

  it('finds a quote whose prefix now ends in a paragraph break instead of a space', () => {
    expect(quote.exact).toBe('exports fell by 86.3 percent')
    expect(quoteFinder(split)(quote)).toEqual({ span: { start: 8, end: 36 } })
  })

  it('finds a quote split inside a word, spanning the break', () => {
    const found = quoteFinder('Exports fell by 8\n6.3 percent.')({ exact: 'by 86.3 percent' })
    expect(found).toEqual({ span: { start: 13, end: 29 } })
  })

  it('finds a quote whose context lost its paragraph break when two paragraphs were joined', () => {
    const joined =
      'Trade grew.Exports fell by 86.3 percent. Trade grew.\nImports fell by 86.3 percent.'
    const found = quoteFinder(joined)({ exact: 'fell by 86.3', prefix: 'grew.\nExports ' })
    expect(found).toEqual({ span: { start: 19, end: 31 } })
  })

  it('keeps the whitespace the quote itself begins or ends with, inside the gap that is there now', () => {
    const found = quoteFinder('fell by\n86.3 percent')({
      exact: 'by ',
      prefix: 'fell ',
      suffix: '86.3',
    })
    expect(found).toEqual({ span: { start: 5, end: 8 } })
  })

  it('rejects a candidate whose context differs in anything but block whitespace', () => {
    expect(quoteFinder(split)({ ...quote, prefix: "Korea's  x" })).toEqual({
      error: 'absent',
      count: 0,
    })
    expect(quoteFinder("Korea'sexports fell by 86.3 percent")(quote)).toEqual({
      error: 'absent',
      count: 0,
    })
  })

  it('reports two matches that are equally good modulo whitespace as ambiguous, not a guess', () => {
    const twice = 'fell by\n86.3 percent; fell\nby 86.3 percent'
    expect(quoteFinder(twice)({ exact: 'fell by 86.3 percent' })).toEqual({
      error: 'ambiguous',
      count: 2,
    })
  })

  it('counts an exact copy and a split original as equally good: ambiguous', () => {
    const both = 'fell by 86.3 percent; fell by\n86.3 percent'
    expect(quoteFinder(both)({ exact: 'fell by 86.3 percent' })).toEqual({
      error: 'ambiguous',
      count: 2,
    })
  })
})
