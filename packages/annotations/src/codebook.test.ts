import { describe, expect, it } from 'vitest'
import { defaultCodebook, findKind, validateAttributes } from './codebook'
import { AnnotationError } from './error'

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** Hue of a #rrggbb colour in degrees. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ]
  const max = Math.max(r, g, b)
  const delta = max - Math.min(r, g, b)
  if (delta === 0) return 0
  const sector =
    max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4
  return sector * 60
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('the default codebook', () => {
  it('has the seven kinds of a brief with shortcut keys 1 to 7', () => {
    expect(defaultCodebook.kinds.map((k) => [k.key, k.shortcut])).toEqual([
      ['claim', '1'],
      ['evidence', '2'],
      ['prediction', '3'],
      ['statistic', '4'],
      ['source', '5'],
      ['actor', '6'],
      ['recommendation', '7'],
    ])
  })

  it('labels and describes every kind in one line', () => {
    for (const kind of defaultCodebook.kinds) {
      expect(kind.label).toMatch(/^[A-Z]/)
      expect(kind.description).not.toContain('\n')
      expect(kind.description.length).toBeGreaterThan(10)
    }
  })

  it('gives each kind a distinct pastel highlight that dark text reads over at WCAG AAA (7:1)', () => {
    const colours = defaultCodebook.kinds.map((k) => k.colour)
    expect(new Set(colours).size).toBe(colours.length)
    for (const colour of colours) {
      expect(colour).toMatch(/^#[0-9a-f]{6}$/)
      expect(contrast(colour, '#1f1f1f')).toBeGreaterThanOrEqual(7)
    }
  })

  it('keeps the highlight colours at least 25 degrees of hue apart', () => {
    const hues = defaultCodebook.kinds.map((k) => hue(k.colour)).sort((a, b) => a - b)
    const gaps = hues.map((h, i) => (i === 0 ? h + 360 - hues.at(-1)! : h - hues[i - 1]!))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(25)
  })

  it('finds a kind by key', () => {
    expect(findKind(defaultCodebook, 'statistic')?.label).toBe('Statistic')
    expect(findKind(defaultCodebook, 'opinion')).toBeNull()
  })
})

describe('validateAttributes', () => {
  it('accepts a described claim and returns its attributes', () => {
    const attributes = { claimType: 'causal', status: 'disputed', confidence: 0.4 }
    expect(validateAttributes('claim', attributes)).toEqual(attributes)
  })

  it('accepts a kind with no attributes yet', () => {
    expect(validateAttributes('claim', {})).toEqual({})
    expect(validateAttributes('recommendation', {})).toEqual({})
  })

  it('refuses a confidence outside 0..1, naming the field', () => {
    try {
      validateAttributes('claim', { confidence: 1.5 })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AnnotationError)
      expect(error).toMatchObject({ code: 'invalid-attributes', field: 'confidence' })
      expect((error as Error).message).toContain('confidence')
    }
  })

  it('refuses a value outside an enumeration', () => {
    expect(() => validateAttributes('claim', { status: 'true' })).toThrow(/status/)
    expect(() => validateAttributes('prediction', { outcome: 'maybe' })).toThrow(/outcome/)
  })

  it('refuses an attribute the kind does not have, naming it', () => {
    expect(() => validateAttributes('recommendation', { urgency: 'high' })).toThrow(/urgency/)
    expect(() => validateAttributes('claim', { stauts: 'supported' })).toThrow(
      expect.objectContaining({ field: 'stauts' }),
    )
  })

  it('takes evidence from a URL or a CSL item, and nothing else', () => {
    expect(
      validateAttributes('evidence', { source: 'https://www.un.org/securitycouncil/' }),
    ).toEqual({ source: 'https://www.un.org/securitycouncil/' })
    const item = { type: 'legislation', title: 'Resolution 2321 (2016)', number: '2321' }
    expect(validateAttributes('evidence', { source: item })).toEqual({ source: item })
    expect(() => validateAttributes('evidence', { source: 'the UN' })).toThrow(/source/)
  })

  it('dates a prediction with an ISO date', () => {
    expect(validateAttributes('prediction', { due: '2024-10-06', outcome: 'pending' })).toEqual({
      due: '2024-10-06',
      outcome: 'pending',
    })
    expect(() => validateAttributes('prediction', { due: '6 October 2024' })).toThrow(/due/)
  })

  it('records a statistic as a number with unit, period and place', () => {
    const statistic = { value: 86.3, unit: 'percent', period: '2023', place: 'North Korea' }
    expect(validateAttributes('statistic', statistic)).toEqual(statistic)
    expect(() => validateAttributes('statistic', { value: '86.3%' })).toThrow(/value/)
  })

  it('names an actor with an optional Wikidata id', () => {
    expect(validateAttributes('actor', { name: 'Kim Jong Un', wikidata: 'Q56226' })).toEqual({
      name: 'Kim Jong Un',
      wikidata: 'Q56226',
    })
    expect(() => validateAttributes('actor', { wikidata: 'Kim' })).toThrow(/wikidata/)
  })

  it('describes a source with a CSL item that has a type', () => {
    expect(() => validateAttributes('source', { item: { title: 'No type' } })).toThrow(/item/)
  })

  it('accepts any record for a kind of a custom codebook', () => {
    expect(validateAttributes('hypothesis', { strength: 3 })).toEqual({ strength: 3 })
  })
})
