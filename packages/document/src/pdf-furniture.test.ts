import { describe, expect, it } from 'vitest'
import { isPageNumber, type PdfPageRows, removeFurniture } from './pdf-furniture'
import type { PdfRow } from './pdf-lines'

const row = (y: number, text: string, size = 10): PdfRow => ({
  y,
  text,
  lines: [{ page: 1, text, x0: 72, x1: 300, y, size, bold: false, runs: [] }],
})

describe('isPageNumber', () => {
  it('knows the usual ways of writing a page number', () => {
    for (const text of ['7', 'Page 7', 'page 7 of 12', '7 / 12', '- 7 -', '– 7 –', 'vii', 'p. 7']) {
      expect(isPageNumber(text), text).toBe(true)
    }
  })

  it('does not take text with a number for a page number', () => {
    for (const text of ['7 July', 'UNSCR 2397', 'Section 7 of the act', 'Table 3']) {
      expect(isPageNumber(text), text).toBe(false)
    }
  })
})

describe('removeFurniture', () => {
  const page = (n: number, rows: PdfRow[]): PdfPageRows => ({ number: n, height: 800, rows })

  it('drops edge rows repeated on most pages and page numbers, and keeps body rows at the edges', () => {
    const words = ['', 'Sanctions bite.', 'Trade resumes.', 'Summits loom.']
    const pages = [1, 2, 3].map((n) =>
      page(n, [
        row(30, `World Economy Brief ${n === 1 ? '' : `Vol. ${n}`}`.trim()),
        row(100, `Top: ${words[n]}`),
        row(700, `Bottom: ${words[n]}`),
        row(760, 'KIEP World Economy Brief'),
        row(780, String(n)),
      ]),
    )
    const kept = removeFurniture(pages).map((p) => p.rows.map((r) => r.text))
    expect(kept[0]).toEqual([
      'World Economy Brief',
      'Top: Sanctions bite.',
      'Bottom: Sanctions bite.',
    ])
    expect(kept[1]).toEqual(['Top: Trade resumes.', 'Bottom: Trade resumes.'])
  })

  it('keeps a title set large at the top of page 1 that the running head repeats small', () => {
    const title = 'North Korea in 2024'
    const pages = [1, 2, 3].map((n) =>
      page(n, [n === 1 ? row(60, title, 20) : row(30, title, 8), row(100, `Text ${'abc'[n - 1]}`)]),
    )
    expect(removeFurniture(pages).map((p) => p.rows.map((r) => r.text))).toEqual([
      [title, 'Text a'],
      ['Text b'],
      ['Text c'],
    ])
  })

  it('keeps a repeated row that stands in the middle of the page', () => {
    const pages = [1, 2].map((n) => page(n, [row(400, 'Figure 1'), row(420, `Text ${n}`)]))
    expect(removeFurniture(pages).map((p) => p.rows.length)).toEqual([2, 2])
  })

  it('drops running heads that change with the chapter but number the pages', () => {
    const heads = [
      'Chapter 1: Introduction',
      'Chapter 1: Introduction',
      'Chapter 2: Naming',
      'Chapter 2: Naming',
    ]
    const pages = heads.map((head, i) =>
      page(i + 3, [row(30, `${head} ${i + 1}`), row(100, `Text of page ${'abcd'[i]}`)]),
    )
    expect(removeFurniture(pages).map((p) => p.rows.map((r) => r.text))).toEqual([
      ['Text of page a'],
      ['Text of page b'],
      ['Text of page c'],
      ['Text of page d'],
    ])
  })
})
