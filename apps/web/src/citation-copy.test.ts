import { describe, expect, it } from 'vitest'
import { citationClipboardText } from './citation-copy'

describe('citationClipboardText', () => {
  it('puts the quote in curly quotes before the citation, keeping its page and paragraph', () => {
    const text = citationClipboardText({
      style: 'apa',
      text: '(Choi, 2024, p. 3, para. 10)',
      quote: 'a summit between North Korea\nand China',
      locator: { paragraph: 10, page: 3 },
    })
    expect(text).toBe('“a summit between North Korea and China” (Choi, 2024, p. 3, para. 10)')
  })

  it('gives the citation alone when the quote is blank', () => {
    const citation = {
      style: 'apa',
      text: '(Choi, 2024, para. 2)',
      quote: ' ',
      locator: { paragraph: 2 },
    }
    expect(citationClipboardText(citation)).toBe('(Choi, 2024, para. 2)')
  })
})
