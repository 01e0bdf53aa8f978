import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseMarkdown } from './markdown'
import { textMap } from './text'
import { versionId } from './version'

const source = readFileSync(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
  'utf8',
)
const { doc, record } = parseMarkdown(source)
const { text, blocks } = textMap(doc)
const blockTexts = blocks.map((b) => text.slice(b.start, b.end))
const count = (needle: string) => text.split(needle).length - 1

describe('the KIEP brief', () => {
  it('carries its CSL record in the front matter', () => {
    expect(record).toMatchObject({
      id: 'kiep-north-korea-foreign-relations-2024',
      type: 'report',
      title: "North Korea's Foreign Relations in the Second Half of 2024 to Cope with Crisis",
      author: [{ family: 'Choi', given: 'Jangho' }],
      publisher: 'Korea Institute for International Economic Policy',
      URL: 'https://www.kiep.go.kr',
    })
  })

  it('is issued in 2024, with no month or day', () => {
    expect(record.issued).toEqual({ 'date-parts': [[2024]] })
  })

  it('opens with the title as its heading and keeps the byline as paragraphs', () => {
    expect(blocks[0]!.heading).toBe(1)
    expect(blockTexts.slice(0, 4)).toEqual([
      record.title,
      'Choi, Jangho',
      'Ph.D., Research Fellow',
      'International Cooperation for Korean Unification Team',
    ])
  })

  it('rejoins the four paragraphs that page breaks split', () => {
    for (const seam of [
      'by directly restricting North Korea',
      'declared the end of the pandemic in August 2022',
      'I believe this is because China',
      'Russian President Putin is expected to visit',
    ]) {
      expect(blockTexts.filter((b) => b.includes(seam))).toHaveLength(1)
    }
    for (const broken of ['directly', 'end of', 'I believe', 'President Putin']) {
      expect(blockTexts.some((b) => b.endsWith(broken))).toBe(false)
    }
    for (const broken of ['restricting', 'the pandemic', 'this is because', 'is expected']) {
      expect(blockTexts.some((b) => b.startsWith(broken))).toBe(false)
    }
  })

  it('has no page furniture', () => {
    expect(text).not.toContain('www.kiep.go.kr')
    expect(text).not.toContain('[KIEP]')
    expect(text).not.toContain('KIEP')
    expect(text.endsWith("North Korea's border closure due to the pandemic.")).toBe(true)
  })

  it('reads dollar amounts without escapes', () => {
    expect(text).toContain('exceeded $200 million')
    expect(text).not.toContain('\\$')
  })

  it('holds its statistics exactly once', () => {
    expect(count('exports fell by 86.3 percent year-on-year')).toBe(1)
  })

  it('keeps typographic punctuation as in the source', () => {
    expect(text).toContain('in 2024 alone – one between')
    expect(count('“')).toBe(2)
    expect(count('”')).toBe(2)
  })

  it('has no pages: Markdown has none to give', () => {
    expect(blocks.filter((b) => b.page !== null)).toEqual([])
  })

  it('matches its golden outline', async () => {
    const outline = {
      version: versionId(text),
      length: text.length,
      // The golden predates pages; the test above holds them all null.
      blocks: blocks.map(({ page: _, ...b }, i) => ({ ...b, text: blockTexts[i] })),
    }
    await expect(`${JSON.stringify(outline, null, 2)}\n`).toMatchFileSnapshot(
      './__golden__/brief-outline.json',
    )
  })
})
