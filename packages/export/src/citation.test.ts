/// <reference path="./citation-js.d.ts" />
import { plugins } from '@citation-js/core'
import type { CslItem } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import { type CitationLocator, formatCitation } from './citation'
import { claimsExport } from './claims'
import { article, briefInput, kiepRecord } from './claims.testkit'
import { ExportError } from './error'
import {
  type CitationStyle,
  citationStyleLabels,
  citationStyles,
  parseCitationStyle,
  styleTemplate,
  vendored,
} from './styles'

/** A web page by an organisation, with the day it was read. */
const webpage: CslItem = {
  id: 'unikorea-trade-2023',
  type: 'webpage',
  title: 'Inter-Korean trade statistics',
  author: [{ literal: 'Ministry of Unification' }],
  'container-title': 'Unification Statistics Portal',
  issued: { 'date-parts': [[2023, 3, 14]] },
  accessed: { 'date-parts': [[2024, 11, 2]] },
  URL: 'https://www.unikorea.go.kr/trade',
}

/** The locators every golden cites each item at. */
const goldenLocators: Array<[string, CitationLocator]> = [
  ['paragraph 1', { paragraph: 1 }],
  ['paragraph 4', { paragraph: 4 }],
  ['paragraph 12', { paragraph: 12 }],
  ['page 3, paragraph 4', { paragraph: 4, page: 3 }],
  ['no locator', { paragraph: null }],
]

/** A style's citations of the brief and two sources, as the golden file lists them. */
function golden(style: CitationStyle): string {
  const lines = [`Style ${style}: ${citationStyleLabels[style]}`]
  for (const item of [kiepRecord, article, webpage]) {
    lines.push('', `${item.id} (${item.type})`)
    for (const [name, locator] of goldenLocators) {
      lines.push(`  ${name.padEnd(20)} ${formatCitation(item, locator, style).text}`)
    }
    lines.push(
      `  ${'reference'.padEnd(20)} ${formatCitation(item, { paragraph: null }, style).reference}`,
    )
  }
  return `${lines.join('\n')}\n`
}

describe('formatCitation', () => {
  it('cites the brief in APA with its paragraph locator', () => {
    const citation = formatCitation(kiepRecord, { paragraph: 4 })
    expect(citation.text).toBe('(Choi, 2024, para. 4)')
    expect(citation.style).toBe('apa')
  })

  it('puts the page before the paragraph when the source had pages', () => {
    expect(formatCitation(kiepRecord, { paragraph: 4, page: 12 }).text).toBe(
      '(Choi, 2024, p. 12, para. 4)',
    )
    expect(formatCitation(kiepRecord, { paragraph: null, page: 12 }).text).toBe(
      '(Choi, 2024, p. 12)',
    )
  })

  it('cites without a locator when the passage has no paragraph number', () => {
    expect(formatCitation(kiepRecord, { paragraph: null }).text).toBe('(Choi, 2024)')
  })

  it('gives the APA reference-list entry as plain text', () => {
    const { reference } = formatCitation(kiepRecord, { paragraph: 1 })
    expect(reference).toBe(
      'Choi, J. (2024). North Korea’s Foreign Relations in the Second Half of 2024 to Cope with Crisis. Korea Institute for International Economic Policy. https://www.kiep.go.kr',
    )
    expect(reference).not.toMatch(/[<>]/)
  })

  it('formats an edited record anew instead of from the cache', () => {
    formatCitation(kiepRecord, { paragraph: 2 })
    const revised = { ...kiepRecord, issued: { 'date-parts': [[2025]] } }
    expect(formatCitation(revised, { paragraph: 2 }).text).toBe('(Choi, 2025, para. 2)')
    expect(formatCitation(kiepRecord, { paragraph: 2 }).text).toBe('(Choi, 2024, para. 2)')
  })
})

describe('citation styles', () => {
  it('offers APA (the default), Chicago author-date and MLA', () => {
    expect(citationStyles).toEqual(['apa', 'chicago-author-date', 'mla'])
  })

  it.each([
    ['apa', '(Choi, 2024, para. 4)'],
    ['chicago-author-date', '(Choi 2024, para. 4)'],
    ['mla', '(Choi, par. 4)'],
  ] as const)('cites the brief at paragraph 4 in %s as %s', (style, text) => {
    expect(formatCitation(kiepRecord, { paragraph: 4 }, style)).toMatchObject({ text, style })
  })

  it.each([
    ['apa', '(Choi, 2024, p. 3, para. 4)'],
    ['chicago-author-date', '(Choi 2024, 3, para. 4)'],
    ['mla', '(Choi 3, par. 4)'],
  ] as const)('keeps both the page and the paragraph in %s: %s', (style, text) => {
    expect(formatCitation(kiepRecord, { paragraph: 4, page: 3 }, style).text).toBe(text)
  })

  it.each([
    [
      'chicago-author-date',
      'Choi, Jangho. 2024. North Korea’s Foreign Relations in the Second Half of 2024 to Cope with Crisis. Korea Institute for International Economic Policy. https://www.kiep.go.kr.',
    ],
    [
      'mla',
      'Choi, Jangho. North Korea’s Foreign Relations in the Second Half of 2024 to Cope with Crisis. Korea Institute for International Economic Policy, 2024, https://www.kiep.go.kr.',
    ],
  ] as const)('gives the %s reference-list entry', (style, reference) => {
    expect(formatCitation(kiepRecord, { paragraph: 4 }, style).reference).toBe(reference)
  })

  it('caches per style, so a second style of the same citation is not the first one again', () => {
    const apa = formatCitation(article, { paragraph: 7 }, 'apa')
    const mla = formatCitation(article, { paragraph: 7 }, 'mla')
    expect(apa.text).toBe('(Müller & Park, 2021, para. 7)')
    expect(mla.text).toBe('(Müller and Park, par. 7)')
    expect(mla.reference).not.toBe(apa.reference)
  })

  it('formats with the vendored CSL files, registered apart from plugin-csl’s own APA', () => {
    const csl = plugins.config.get('@csl')
    const files = {
      apa: 'apa.csl',
      'chicago-author-date': 'chicago-author-date.csl',
      mla: 'modern-language-association.csl',
    }
    for (const style of citationStyles) {
      const template = styleTemplate(style)
      expect(template).not.toBe(style)
      expect(csl.styles.get(template)).toBe(vendored(files[style]))
    }
    expect(csl.styles.get('apa')).not.toBe(vendored('apa.csl'))
    expect(csl.locales.get('en-US')).toBe(vendored('locales-en-US.xml'))
  })

  it('reads a style name, refusing an unknown one with the known styles', () => {
    expect(parseCitationStyle('chicago-author-date')).toBe('chicago-author-date')
    let refused: unknown
    try {
      parseCitationStyle('harvard')
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(ExportError)
    expect(refused).toMatchObject({ code: 'unknown-style', known: [...citationStyles] })
    expect((refused as Error).message).toMatch(/'harvard'/)
  })

  it('refuses an unknown style that reaches formatCitation at run time', () => {
    const style = 'vancouver' as CitationStyle
    expect(() => formatCitation(kiepRecord, { paragraph: 1 }, style)).toThrow(ExportError)
  })

  it('cites every record of a claims export in the style of its input, APA when none', () => {
    const mla = claimsExport({ ...briefInput(), style: 'mla' }).records
    expect(mla.map((r) => [r.citation.style, r.citation.text])).toEqual([
      ['mla', '(Choi, par. 2)'],
      ['mla', '(Choi, par. 4)'],
      ['mla', '(Choi, par. 5)'],
      ['mla', '(Choi)'],
    ])
    const plain = claimsExport(briefInput()).records
    expect(plain.every((r) => r.citation.style === 'apa')).toBe(true)
  })

  it.each(citationStyles)(
    'matches the golden %s citations of the brief and two sources',
    async (style) => {
      await expect(golden(style)).toMatchFileSnapshot(`__golden__/citations.${style}.txt`)
    },
  )
})
