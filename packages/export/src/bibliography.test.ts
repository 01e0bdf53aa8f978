/// <reference path="./citation-js.d.ts" />
import { Cite } from '@citation-js/core'
import type { Annotation } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import { bibtex, ris } from './bibliography'
import { type ClaimsInput, claimsExport } from './claims'
import { article, briefInput, kiepRecord } from './claims.testkit'

const pageUrl = 'https://www.unikorea.go.kr/trade?year=2023&lang=en'

/** The brief with evidence citing the article, an item holding the brief's id, and a bare URL. */
function sourcedInput(): ClaimsInput {
  const input = briefInput()
  const evidence = input.annotations.find((a) => a.id === 'a-evidence')!
  const resolved = input.anchors.get('a-evidence')!
  const cite = (id: string, source: unknown): Annotation => ({
    ...evidence,
    id,
    attributes: { source },
  })
  input.annotations = [
    ...input.annotations.filter((a) => a !== evidence),
    cite('a-evidence', article),
    cite('a-url', pageUrl),
    cite('a-same-id', { id: kiepRecord.id, type: 'report', title: 'Annual report' }),
  ]
  input.anchors = new Map(input.anchors)
  for (const id of ['a-url', 'a-same-id']) input.anchors.set(id, resolved)
  return input
}

const exported = claimsExport(sourcedInput())

/** What a round trip must keep of an item. */
function essentials(item: Record<string, unknown>) {
  const names = (item.author ?? []) as Array<{ family?: string; given?: string }>
  const issued = item.issued as { 'date-parts': number[][] } | undefined
  return {
    title: item.title,
    author: names.map(({ family, given }) => ({ family, given })),
    year: issued?.['date-parts'][0]?.[0],
  }
}

const formats = [
  { name: 'bibtex', write: bibtex, type: '@bibtex/text' },
  { name: 'ris', write: ris, type: '@ris/file' },
] as const

describe.each(formats)('$name export', ({ write, type }) => {
  const text = write(exported)
  const parsed = new Cite(text, { forceType: type }).data

  it('writes the brief and every distinct evidence source, in the csl export order', () => {
    expect(parsed).toHaveLength(4)
    expect(parsed.map((item) => item.title)).toEqual([
      kiepRecord.title,
      article.title,
      'Annual report',
      undefined,
    ])
  })

  it("reads back the brief's title, author and year", () => {
    expect(essentials(parsed[0]!)).toEqual(essentials(kiepRecord))
    expect(parsed[0]!.URL).toBe(kiepRecord.URL)
  })

  it('reads back both authors of an article, with the umlaut, quotes and en dash intact', () => {
    expect(essentials(parsed[1]!)).toEqual({
      title: 'Sanctions and “smuggling” in North Korea’s trade, 2010–2020',
      author: [
        { family: 'Müller', given: 'Anna' },
        { family: 'Park', given: 'Min-jun' },
      ],
      year: 2021,
    })
    expect(parsed[1]).toMatchObject({ volume: '21', issue: '2', DOI: article.DOI })
  })

  it('keeps a URL-only source as its URL, with no title or authors made up for it', () => {
    expect(parsed[3]!.URL).toBe(pageUrl)
    expect(essentials(parsed[3]!)).toEqual({ title: undefined, author: [], year: undefined })
  })

  it('ends with one newline', () => {
    expect(text.endsWith('\n')).toBe(true)
    expect(text.endsWith('\n\n')).toBe(false)
  })
})

describe('citation keys', () => {
  it('names each BibTeX entry after its CSL id, unique even when two items share one', () => {
    const keys = [...bibtex(exported).matchAll(/^@\w+\{([^,]+),$/gm)].map((m) => m[1])
    expect(keys).toEqual([
      'kiep_2024_north_korea',
      'muller_park_2021',
      'kiep_2024_north_korea_2',
      'a_url_source',
    ])
  })

  it('gives the RIS records the same keys, whole (plugin-ris would cut them to 20 characters)', () => {
    const ids = [...ris(exported).matchAll(/^ID {2}- (.*)$/gm)].map((m) => m[1])
    expect(ids).toEqual([
      'kiep_2024_north_korea',
      'muller_park_2021',
      'kiep_2024_north_korea_2',
      'a_url_source',
    ])
  })

  it('keeps the keys from one export to the next', () => {
    expect(bibtex(claimsExport(sourcedInput()))).toBe(bibtex(exported))
    expect(ris(claimsExport(sourcedInput()))).toBe(ris(exported))
  })

  it('makes a key of an id with accents and spaces', () => {
    const input = briefInput()
    input.document = { ...input.document, citation: { ...kiepRecord, id: 'Müller 2021: Trade' } }
    expect(bibtex(claimsExport(input))).toMatch(/^@techreport\{Muller_2021_Trade,$/m)
  })
})

describe('ris export', () => {
  const text = ris(exported)

  it('writes each value on one line, however long', () => {
    expect(text).toContain(`TI  - ${kiepRecord.title}\n`)
    for (const line of text.split('\n')) expect(line).toMatch(/^([A-Z][A-Z0-9] {2}- .*)?$/)
  })

  it('opens each record with its type and closes it with ER, a blank line between records', () => {
    const records = text.slice(0, -1).split('\n\n')
    expect(records).toHaveLength(4)
    for (const record of records) {
      expect(record).toMatch(/^TY {2}- [A-Z]+\n/)
      expect(record).toMatch(/\nER {2}- $/)
    }
    expect(records.map((r) => r.slice(6, r.indexOf('\n')))).toEqual([
      'RPRT',
      'JOUR',
      'RPRT',
      'ELEC',
    ])
  })
})

describe('bibtex export', () => {
  it('writes BibTeX types, with LaTeX escapes instead of non-ASCII characters', () => {
    const text = bibtex(exported)
    expect(text).toMatch(/^@techreport\{/)
    expect(text).toMatch(/^@article\{muller_park_2021,$/m)
    expect(text).toMatch(/^[\t\n -~]*$/)
  })
})
