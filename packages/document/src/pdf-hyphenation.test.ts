import { describe, expect, it } from 'vitest'
import { documentWords, joinLines } from './pdf-hyphenation'

describe('joinLines', () => {
  const none = new Set<string>()

  it('rejoins a word hyphenated before a lower-case letter and puts a space between other lines', () => {
    expect(joinLines(['the inter-', 'national community', 'acts'], none)).toBe(
      'the international community acts',
    )
  })

  it('keeps the hyphen of a compound broken before a capital or a digit, without a space', () => {
    expect(joinLines(['the COVID-', '19 pandemic'], none)).toBe('the COVID-19 pandemic')
    expect(joinLines(['Russo-', 'DPRK cooperation'], none)).toBe('Russo-DPRK cooperation')
  })

  it('keeps the hyphen when the document writes the hyphenated form elsewhere and never the closed one', () => {
    const words = documentWords([
      'exports fell year-on-year, and',
      'a cross-border trade',
      'the year-',
      'on-year fall',
    ])
    expect(joinLines(['the year-', 'on-year fall'], words)).toBe('the year-on-year fall')
    expect(joinLines(['the cross-', 'border trade'], words)).toBe('the cross-border trade')
    expect(joinLines(['the de-', 'nuclearization talks'], words)).toBe('the denuclearization talks')
  })

  it('drops a soft hyphen and closes up a dash written without spaces', () => {
    expect(joinLines(['inter\u00AD', 'national'], none)).toBe('international')
    expect(joinLines(['between 2000–', '2020'], none)).toBe('between 2000–2020')
    expect(joinLines(['on a small scale –', 'no more'], none)).toBe('on a small scale – no more')
  })

  it('does not count the word split at a line end as written elsewhere', () => {
    expect(documentWords(['the inter-', 'national order']).has('inter-')).toBe(false)
    expect([...documentWords(['the inter-', 'national order'])].sort()).toEqual([
      'national',
      'order',
      'the',
    ])
  })
})
