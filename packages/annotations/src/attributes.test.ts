import { describe, expect, it } from 'vitest'
import { type AttributeField, validateAttributes } from './attributes'
import { type Codebook, defaultCodebook } from './codebook'
import { AnnotationError } from './error'

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
      expect(error).toMatchObject({ code: 'invalid-attributes', field: 'attributes.confidence' })
      expect((error as Error).message).toContain('attributes.confidence')
    }
  })

  it('refuses a value outside an enumeration', () => {
    expect(() => validateAttributes('claim', { status: 'true' })).toThrow(/status/)
    expect(() => validateAttributes('prediction', { outcome: 'maybe' })).toThrow(/outcome/)
  })

  it('refuses an attribute the kind does not have, naming it', () => {
    expect(() => validateAttributes('recommendation', { urgency: 'high' })).toThrow(/urgency/)
    expect(() => validateAttributes('claim', { stauts: 'supported' })).toThrow(
      expect.objectContaining({ field: 'attributes.stauts' }),
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
    expect(() => validateAttributes('source', { item: { title: 'No type' } })).toThrow(
      expect.objectContaining({ field: 'attributes.item.type' }),
    )
  })

  it('refuses attributes that are not a record', () => {
    expect(() => validateAttributes('claim', 'disputed')).toThrow(
      expect.objectContaining({ code: 'invalid-attributes', field: 'attributes' }),
    )
  })
})

describe('validateAttributes for the custom kinds of a codebook', () => {
  const fields: AttributeField[] = [
    { key: 'strength', label: 'Strength', type: 'number' },
    { key: 'observed', label: 'Observed on', type: 'date' },
    { key: 'link', label: 'Link', type: 'url' },
    { key: 'summary', label: 'Summary', type: 'text' },
    { key: 'level', label: 'Level', type: 'choice', choices: ['low', 'high'] },
  ]
  const codebook: Codebook = {
    kinds: [
      ...defaultCodebook.kinds,
      {
        key: 'hypothesis',
        label: 'Hypothesis',
        description: '',
        colour: '#dddddd',
        shortcut: '8',
        fields,
      },
      { key: 'aside', label: 'Aside', description: '', colour: '#eeeeee', shortcut: '' },
    ],
  }

  it('accepts the fields a custom kind declares, each of its type', () => {
    const attributes = {
      strength: 3,
      observed: '2024-10-06',
      link: 'https://www.kiep.go.kr',
      summary: 'Trade recovered.',
      level: 'high',
    }
    expect(validateAttributes('hypothesis', attributes, codebook)).toEqual(attributes)
    expect(validateAttributes('hypothesis', {}, codebook)).toEqual({})
  })

  it.each([
    ['strength', 'three'],
    ['observed', 'last week'],
    ['link', 'kiep.go.kr'],
    ['summary', 42],
    ['level', 'medium'],
    ['colour', 'red'],
  ])('refuses a bad %s, naming it', (key, value) => {
    expect(() => validateAttributes('hypothesis', { [key]: value }, codebook)).toThrow(
      expect.objectContaining({ code: 'invalid-attributes', field: `attributes.${key}` }),
    )
  })

  it('gives a custom kind without fields no attributes', () => {
    expect(validateAttributes('aside', {}, codebook)).toEqual({})
    expect(() => validateAttributes('aside', { any: 1 }, codebook)).toThrow(/attributes\.any/)
  })

  it('refuses a kind that is neither built in nor in the codebook given', () => {
    expect(() => validateAttributes('hypothesis', { strength: 3 })).toThrow(
      expect.objectContaining({ code: 'unknown-kind' }),
    )
    expect(() => validateAttributes('opinion', {}, codebook)).toThrow(
      expect.objectContaining({ code: 'unknown-kind' }),
    )
  })
})
