import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import schema from '../schema/claims-1.schema.json'
import { type ClaimComment, type ClaimRecord, claimsExport } from './claims'
import { briefInput, briefText, spanOf } from './claims.testkit'

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
addFormats(ajv)
const validate = ajv.compile(schema)

function recordOf(records: ClaimRecord[], id: string): ClaimRecord {
  const found = records.find((r) => r.id === id)
  if (!found) throw new Error(`no record ${id}`)
  return found
}

describe('claimsExport', () => {
  const exported = claimsExport(briefInput())
  const { records } = exported

  it('tags the export with its format and the document it came from', () => {
    expect(exported.format).toBe('warrant.claims/1')
    expect(exported.document.id).toBe('north-korea-2024')
    expect(exported.document.citation.author).toEqual([{ family: 'Choi', given: 'Jangho' }])
    expect(exported.exportedAt).toBe('2024-12-01T12:00:00.000Z')
  })

  it('lists records in document order, orphans last', () => {
    expect(records.map((r) => r.id)).toEqual(['a-claim', 'a-evidence', 'a-prediction', 'a-orphan'])
  })

  it('lists a relation under both of its ends, outgoing from `from` and incoming at `to`', () => {
    const evidence = recordOf(records, 'a-evidence')
    const claim = recordOf(records, 'a-claim')
    expect(evidence.relations).toContainEqual(
      expect.objectContaining({
        id: 'r-supports',
        type: 'supports',
        direction: 'outgoing',
        other: {
          id: 'a-claim',
          kind: 'claim',
          quote: 'Pyongyang deepened its alignment with Moscow',
        },
      }),
    )
    expect(claim.relations).toContainEqual(
      expect.objectContaining({
        id: 'r-supports',
        direction: 'incoming',
        other: { id: 'a-evidence', kind: 'evidence', quote: 'fell by 86.3 percent' },
      }),
    )
  })

  it('keeps a relation whose other end is missing, with a null kind and quote', () => {
    const prediction = recordOf(records, 'a-prediction')
    expect(prediction.relations).toEqual([
      expect.objectContaining({
        id: 'r-dangling',
        direction: 'incoming',
        other: { id: 'a-deleted', kind: null, quote: null },
      }),
    ])
  })

  it('locates each record by section and paragraph', () => {
    expect(recordOf(records, 'a-claim').locator).toEqual({
      section: 'Relations with Russia',
      paragraph: 2,
    })
    expect(recordOf(records, 'a-prediction').locator).toEqual({
      section: 'Trade with China',
      paragraph: 5,
    })
  })

  it('cites each record in APA with its paragraph', () => {
    const { citation } = recordOf(records, 'a-evidence')
    expect(citation.text).toMatch(/Choi/)
    expect(citation.text).toBe('(Choi, 2024, para. 4)')
    expect(citation.style).toBe('apa')
    expect(citation.reference).toMatch(/^Choi, J\. \(2024\)\./)
  })

  it('keeps the stored quote and creation position of an orphan, with no locator', () => {
    const orphan = recordOf(records, 'a-orphan')
    expect(orphan.anchor).toBe('orphaned')
    expect(orphan.quote).toBe('imports grew by 12 percent')
    expect(orphan.position).toEqual(briefInput().annotations[0]!.anchor.position)
    expect(orphan.locator).toEqual({ section: '', paragraph: null })
    expect(orphan.citation.text).toBe('(Choi, 2024)')
    expect(orphan.relations).toEqual([
      expect.objectContaining({ id: 'r-contradicts', direction: 'outgoing' }),
    ])
  })

  it('gives a drifted record its current quote and position, and the quote it was made with', () => {
    const evidence = recordOf(records, 'a-evidence')
    expect(evidence.anchor).toBe('drifted')
    expect(evidence.quote).toBe('fell by 86.3 percent')
    expect(evidence.originalQuote).toBe('fell by 86 percent')
    expect(evidence.position).toEqual(spanOf('fell by 86.3 percent'))
    for (const id of ['a-claim', 'a-orphan']) {
      expect(recordOf(records, id)).not.toHaveProperty('originalQuote')
    }
  })

  it('records who changed each annotation last', () => {
    expect(recordOf(records, 'a-claim')).toMatchObject({
      creator: 'Ana',
      modified: '2024-11-09T15:30:00.000Z',
      modifiedBy: 'Ben',
    })
    expect(recordOf(records, 'a-prediction').modifiedBy).toBe('Ana')
  })

  it('exports relations of every type with their notes', () => {
    expect(recordOf(records, 'a-claim').relations.map((r) => [r.type, r.direction])).toEqual([
      ['supports', 'incoming'],
      ['contradicts', 'incoming'],
      ['qualifies', 'incoming'],
    ])
    expect(recordOf(records, 'a-evidence').relations[1]).toMatchObject({
      type: 'qualifies',
      note: 'Trade fell even as ties deepened.',
    })
  })

  it('takes prefix and suffix from the current text when given it, else keeps the stored ones', () => {
    expect(recordOf(records, 'a-evidence').suffix).toBe(' over the decade, while imports ')
    const current = claimsExport({ ...briefInput(), text: briefText })
    const evidence = recordOf(current.records, 'a-evidence')
    expect(evidence.prefix).toBe("\nNorth Korea's exports to China ")
    expect(evidence.suffix).toBe(' over the decade.\nA summit betwe')
    expect(evidence.suffix).toHaveLength(32)
    // An orphan has no current span, so its context stays the one it was made with.
    expect(recordOf(current.records, 'a-orphan').suffix).toBe('.\nA summit between the two is ex')
  })

  it("carries each record's thread oldest first, replies naming their parent", () => {
    const prediction = recordOf(records, 'a-prediction')
    expect(prediction.comments.map((c) => [c.id, c.parent])).toEqual([
      ['c-question', null],
      ['c-reply', 'c-question'],
    ])
    expect(prediction.comments).toEqual([
      {
        id: 'c-question',
        parent: null,
        text: 'Did the summit happen?',
        creator: 'Ben',
        created: '2024-11-11T08:00:00.000Z',
        modified: '2024-11-11T08:10:00.000Z',
        modifiedBy: 'Ben',
        resolved: true,
        resolvedBy: 'Ana',
        resolvedAt: '2024-11-12T08:05:00.000Z',
      },
      {
        id: 'c-reply',
        parent: 'c-question',
        text: 'It took place on 6 October.',
        creator: 'Ana',
        created: '2024-11-12T08:00:00.000Z',
        modified: '2024-11-12T08:00:00.000Z',
        modifiedBy: 'Ana',
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
      },
    ])
    expect(recordOf(records, 'a-claim').comments).toEqual([])
  })

  it('treats an annotation without a resolved anchor as orphaned', () => {
    const input = briefInput()
    input.anchors = new Map()
    const result = claimsExport(input)
    expect(result.records.every((r) => r.anchor === 'orphaned')).toBe(true)
    expect(result.records.map((r) => r.id)).toEqual([
      'a-claim',
      'a-evidence',
      'a-orphan',
      'a-prediction',
    ])
  })

  it('conforms to the claims-1 JSON Schema', () => {
    const valid = validate(JSON.parse(JSON.stringify(exported)))
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('is refused by the schema when a record loses its quote', () => {
    const broken = JSON.parse(JSON.stringify(exported))
    delete broken.records[0].quote
    expect(validate(broken)).toBe(false)
  })

  it('is refused by the schema with a relation type outside the six, or a comment without who resolved it', () => {
    const relation = JSON.parse(JSON.stringify(exported))
    relation.records[0].relations[0].type = 'refutes'
    expect(validate(relation)).toBe(false)
    const comment = JSON.parse(JSON.stringify(exported))
    const question: Partial<ClaimComment> = recordOf(comment.records, 'a-prediction').comments[0]!
    expect(question).toHaveProperty('resolvedBy', 'Ana')
    delete question.resolvedBy
    expect(validate(comment)).toBe(false)
  })

  it('matches the golden claims export of the brief', async () => {
    await expect(`${JSON.stringify(exported, null, 2)}\n`).toMatchFileSnapshot(
      '__golden__/claims.json',
    )
  })
})
