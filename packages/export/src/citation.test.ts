import { describe, expect, it } from 'vitest'
import { formatCitation } from './citation'
import { kiepRecord } from './claims.testkit'

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
