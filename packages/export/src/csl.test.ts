import type { Annotation } from '@warrant/annotations'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import cslCitationSchema from '../schema/vendor/csl-citation.json'
import cslDataSchema from '../schema/vendor/csl-data.json'
import { type ClaimsInput, claimsExport } from './claims'
import { briefInput, kiepRecord } from './claims.testkit'
import { CSL_CITATION_SCHEMA, cslCitations, cslItems } from './csl'
import { exportDocument } from './formats'

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false })
addFormats(ajv)
ajv.addSchema(cslDataSchema)
const validateItems = ajv.compile(cslDataSchema)
const validateCitation = ajv.compile(cslCitationSchema)

const tradeData = {
  id: 'kotra-2023',
  type: 'dataset',
  title: 'North Korea foreign trade trends 2023',
  author: [{ literal: 'KOTRA' }],
  issued: { 'date-parts': [[2023, 7]] },
}

/** An evidence annotation like the brief's, with its own id and source. */
function evidenceWith(base: Annotation, id: string, source: unknown): Annotation {
  return { ...base, id, attributes: { source } }
}

/** The brief with evidence citing a CSL item, a URL, the same URL again, and an id-less item. */
function sourcedInput(): ClaimsInput {
  const input = briefInput()
  const evidence = input.annotations.find((a) => a.id === 'a-evidence')!
  const resolved = input.anchors.get('a-evidence')!
  const extra = ['a-url', 'a-url-again', 'a-untitled']
  input.annotations = [
    ...input.annotations.map((a) => (a === evidence ? evidenceWith(a, a.id, tradeData) : a)),
    evidenceWith(evidence, 'a-url', 'https://www.unikorea.go.kr/trade'),
    evidenceWith(evidence, 'a-url-again', 'https://www.unikorea.go.kr/trade'),
    evidenceWith(evidence, 'a-untitled', { id: kiepRecord.id, type: 'report', title: 'Other' }),
  ]
  input.anchors = new Map(input.anchors)
  for (const id of extra) input.anchors.set(id, resolved)
  return input
}

describe('csl export', () => {
  const items = cslItems(claimsExport(sourcedInput()))
  const citations = cslCitations(claimsExport(sourcedInput()))

  it("puts the brief's CSL item first", () => {
    expect(items[0]).toEqual(kiepRecord)
  })

  it('makes each distinct evidence source an item of its own, with a stable unique id', () => {
    expect(items.slice(1)).toEqual([
      tradeData,
      { id: `${kiepRecord.id}-2`, type: 'report', title: 'Other' },
      { id: 'a-url-source', type: 'webpage', URL: 'https://www.unikorea.go.kr/trade' },
    ])
    expect(cslItems(claimsExport(sourcedInput()))).toEqual(items)
  })

  it('has only the brief when no evidence names a source', () => {
    expect(cslItems(claimsExport(briefInput()))).toEqual([kiepRecord])
  })

  it('validates against the CSL data schema', () => {
    const valid = validateItems(JSON.parse(JSON.stringify(items)))
    expect(validateItems.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('is refused by the CSL data schema when an item has an unknown type', () => {
    expect(validateItems([{ ...kiepRecord, type: 'memo' }])).toBe(false)
  })

  it('writes one citation per record, named by the record, citing the brief at its paragraph', () => {
    const records = claimsExport(sourcedInput()).records
    expect(citations.map((c) => c.citationID)).toEqual(records.map((r) => r.id))
    expect(citations[0]).toEqual({
      schema: CSL_CITATION_SCHEMA,
      citationID: 'a-claim',
      citationItems: [
        {
          id: kiepRecord.id,
          locator: '2',
          label: 'paragraph',
          suffix: ' “Pyongyang deepened its alignment with Moscow”',
        },
      ],
      properties: { noteIndex: 0 },
    })
  })

  it('cites an orphan without a locator, still with its quote', () => {
    const orphan = citations.find((c) => c.citationID === 'a-orphan')!
    expect(orphan.citationItems).toEqual([
      { id: kiepRecord.id, suffix: ' “imports grew by 12 percent”' },
    ])
  })

  it('validates every citation against the CSL citation schema', () => {
    for (const citation of citations) {
      const valid = validateCitation(JSON.parse(JSON.stringify(citation)))
      expect(validateCitation.errors ?? []).toEqual([])
      expect(valid).toBe(true)
    }
  })

  it('is refused by the CSL citation schema when a cite item carries a field it does not know', () => {
    const broken = JSON.parse(JSON.stringify(citations[0]))
    broken.citationItems[0].note = 'a quote'
    expect(validateCitation(broken)).toBe(false)
  })

  it('serves the items and the citations as JSON files of their own', () => {
    const items = exportDocument('csl', sourcedInput())
    expect(items.contentType).toBe('application/vnd.citationstyles.csl+json')
    expect(items.filename).toBe('north-korea-2024.csl.json')
    expect(validateItems(JSON.parse(items.body))).toBe(true)
    const cites = exportDocument('csl-citations', sourcedInput())
    expect(cites.contentType).toBe('application/json')
    expect(cites.filename).toBe('north-korea-2024.csl-citations.json')
    expect(JSON.parse(cites.body)).toHaveLength(7)
  })
})
