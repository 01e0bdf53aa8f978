import { describe, expect, it } from 'vitest'
import { claimsExport } from './claims'
import { briefInput } from './claims.testkit'
import { readClaims } from './claims-import'
import { ExportError } from './error'
import { readExport } from './reading'
import { ANNO_CONTEXT, idOfIri, w3cCollection, w3cIri } from './w3c'
import { readW3c } from './w3c-import'

const exported = claimsExport(briefInput())
/** The brief's `w3c` export as a file holds it. */
const file = () => JSON.parse(JSON.stringify(w3cCollection(exported)))

/** An annotation as another tool writes one: a quote, a comment and a few tags. */
function foreign(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ANNO_CONTEXT,
    id: 'http://example.org/anno1',
    type: 'Annotation',
    motivation: 'commenting',
    creator: 'acct:kim@hypothes.is',
    created: '2025-01-05T10:00:00Z',
    body: [
      { type: 'TextualBody', value: 'Worth checking.' },
      { type: 'TextualBody', purpose: 'tagging', value: 'trade' },
      { type: 'TextualBody', purpose: 'tagging', value: 'evidence' },
      'http://example.org/linked-page',
    ],
    target: {
      source: 'https://www.kiep.go.kr',
      selector: { type: 'TextQuoteSelector', exact: 'fell by 86.3 percent' },
    },
    ...extra,
  }
}

/** The message readW3c refuses `json` with (and that it refuses it as an invalid import). */
function refusal(json: unknown): string {
  try {
    readW3c(json)
  } catch (error) {
    expect(error).toBeInstanceOf(ExportError)
    expect((error as ExportError).code).toBe('invalid-import')
    return (error as Error).message
  }
  throw new Error('readW3c accepted it')
}

describe('readW3c', () => {
  it('gives back everything the claims export holds: records, relations, threads, version', () => {
    expect(readW3c(file())).toEqual({ ...readClaims(exported), format: 'w3c' })
  })

  it('gives back each record whole, under its plain id', () => {
    const { annotations, version } = readW3c(file())
    expect(version).toBe('v0123456789abcdef')
    expect(annotations[0]).toEqual({
      id: 'a-claim',
      kind: 'claim',
      quote: {
        exact: 'Pyongyang deepened its alignment with Moscow',
        prefix: ' at once.\nRelations with Russia\n',
        suffix: ' throughout 2024.\nThe two signed',
      },
      position: { start: 112, end: 156 },
      attributes: { claimType: 'assessment', status: 'unverified' },
      note: 'Check against the treaty text.',
      creator: 'Ana',
      created: '2024-11-01T09:00:00.000Z',
      modified: '2024-11-09T15:30:00.000Z',
      modifiedBy: 'Ben',
    })
  })

  it('keeps every relation with its direction, the dangling one included', () => {
    const { relations } = readW3c(file())
    expect(relations.map((r) => [r.id, r.type, r.from, r.to])).toEqual([
      ['r-supports', 'supports', 'a-evidence', 'a-claim'],
      ['r-contradicts', 'contradicts', 'a-orphan', 'a-claim'],
      ['r-qualifies', 'qualifies', 'a-evidence', 'a-claim'],
      ['r-dangling', 'supports', 'a-deleted', 'a-prediction'],
    ])
    expect(relations[1]).toMatchObject({
      note: 'Imports tell another story.',
      creator: 'Ben',
      created: '2024-11-10T10:05:00.000Z',
    })
  })

  it('puts a reply to a reply in its thread, under the comment it answers', () => {
    const [question, answer] = readW3c(file()).comments
    expect(question).toMatchObject({
      id: 'c-question',
      annotation: 'a-prediction',
      parent: null,
      resolved: true,
      resolvedBy: 'Ana',
      resolvedAt: '2024-11-12T08:05:00.000Z',
      modifiedBy: 'Ben',
    })
    expect(answer).toMatchObject({
      id: 'c-reply',
      annotation: 'a-prediction',
      parent: 'c-question',
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    })
  })

  it('reads the page alone, an array of annotations, or one annotation (with no version)', () => {
    const { first } = file()
    const whole = readW3c(file())
    expect(readW3c(first)).toEqual({ ...whole, version: null })
    expect(readW3c(first.items)).toEqual({ ...whole, version: null })
    expect(readW3c(first.items[0]).annotations).toEqual([whole.annotations[0]])
  })

  it('is what readExport makes of a w3c file', () => {
    expect(readExport(JSON.stringify(file()))).toEqual(readW3c(file()))
  })

  it("reads another tool's annotation: kind from a tag naming a kind, the untagged text as note", () => {
    const [annotation] = readW3c(foreign()).annotations
    expect(annotation).toEqual({
      id: 'http://example.org/anno1',
      kind: 'evidence',
      quote: { exact: 'fell by 86.3 percent', prefix: '', suffix: '' },
      position: null,
      attributes: {},
      note: 'Worth checking.',
      creator: 'acct:kim@hypothes.is',
      created: '2025-01-05T10:00:00Z',
      modified: '2025-01-05T10:00:00Z',
      modifiedBy: 'acct:kim@hypothes.is',
    })
  })

  it('takes the first tag as kind when none names a built-in one, and `note` without tags', () => {
    const custom = foreign({ body: { type: 'TextualBody', purpose: 'tagging', value: 'rumour' } })
    expect(readW3c(custom).annotations[0]?.kind).toBe('rumour')
    const untagged = foreign({ body: undefined, bodyValue: 'Plain comment.' })
    expect(readW3c(untagged).annotations[0]).toMatchObject({ kind: 'note', note: 'Plain comment.' })
  })

  it('reads a link without from/to by the order of its two targets', () => {
    const link = {
      id: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e',
      type: 'Annotation',
      motivation: 'linking',
      body: { type: 'TextualBody', purpose: 'tagging', value: 'cites' },
      target: ['urn:uuid:11111111-2222-4333-8444-555555555555', { id: 'http://example.org/b' }],
    }
    expect(readW3c([link]).relations).toEqual([
      {
        id: '0f8fad5b-d9cb-469f-a165-70867728950e',
        type: 'cites',
        from: '11111111-2222-4333-8444-555555555555',
        to: 'http://example.org/b',
        note: '',
        creator: '',
        created: '',
      },
    ])
  })
})

describe('readW3c refuses', () => {
  const broken = (change: (json: ReturnType<typeof file>) => void) => {
    const json = file()
    change(json)
    return json
  }

  it('what is not a JSON object or array, or of no W3C type', () => {
    expect(refusal(42)).toBe('the collection: expected a JSON object (a W3C annotation collection)')
    expect(refusal(null)).toMatch(/^the collection: /)
    expect(refusal({ format: 'other' })).toBe(
      'type: expected an AnnotationCollection, an AnnotationPage or an Annotation',
    )
  })

  it('an annotation without a target, or not an annotation at all', () => {
    expect(refusal(broken((j) => delete j.first.items[2].target))).toBe(
      'first.items[2].target: missing: a record needs its passage',
    )
    expect(refusal(broken((j) => (j.first.items[1] = 'urn:x')))).toMatch(/^first\.items\[1\]: /)
    expect(refusal(broken((j) => (j.first.items[0].type = 'Note')))).toBe(
      'first.items[0].type: expected type "Annotation"',
    )
  })

  it('a TextQuoteSelector without exact, or a target without one', () => {
    expect(refusal(broken((j) => delete j.first.items[0].target.selector[0].exact))).toMatch(
      /^first\.items\[0\]\.target\.selector\[0\]\.exact: .*expected string/,
    )
    expect(refusal(broken((j) => j.first.items[0].target.selector.shift()))).toBe(
      'first.items[0].target: no TextQuoteSelector: a record is placed by its quote',
    )
    expect(refusal(broken((j) => (j.first.items[0].target.selector[1].start = -1)))).toMatch(
      /^first\.items\[0\]\.target\.selector\[1\]\.start: /,
    )
  })

  it('attributes that are not a JSON object', () => {
    expect(refusal(broken((j) => (j.first.items[0].body[1].value = '{oops')))).toBe(
      'first.items[0].body[1].value: the attributes are not JSON',
    )
    expect(refusal(broken((j) => (j.first.items[0].body[1].value = '[1]')))).toBe(
      'first.items[0].body[1].value: the attributes are not a JSON object',
    )
  })

  it('a link of no relation type, a reply without text or target', () => {
    expect(refusal(broken((j) => (j.first.items[6].body[0].value = 'refutes')))).toMatch(
      /^first\.items\[6\]\.body: a link needs a tagging body of supports, contradicts, /,
    )
    expect(refusal(broken((j) => delete j.first.items[4].body))).toBe(
      'first.items[4].body: a reply without text',
    )
    expect(refusal(broken((j) => delete j.first.items[4].target))).toMatch(
      /^first\.items\[4\]\.target: expected the IRI of an annotation or a comment$/,
    )
  })

  it('a collection whose annotations are not all on its embedded page', () => {
    expect(refusal(broken((j) => (j.first = 'urn:warrant:page')))).toMatch(/^first: .*not embedded/)
    expect(refusal(broken((j) => (j.first.next = 'urn:warrant:page2')))).toMatch(/^first\.next: /)
  })

  it('a single annotation at fault, by its field alone', () => {
    expect(refusal(foreign({ target: undefined }))).toBe(
      'target: missing: a record needs its passage',
    )
  })
})

describe('w3c IRIs', () => {
  it('names a UUID urn:uuid:, any other id urn:warrant:<thing>:<escaped id>, and reads both back', () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e'
    expect(w3cIri('annotation', uuid)).toBe(`urn:uuid:${uuid}`)
    expect(w3cIri('comment', uuid)).toBe(`urn:uuid:${uuid}`)
    expect(w3cIri('relation', 'r 1/ü')).toBe('urn:warrant:relation:r%201%2F%C3%BC')
    expect(w3cIri('document', uuid)).toBe(`urn:warrant:document:${uuid}`)
    for (const id of [uuid, 'r 1/ü', 'a-claim']) expect(idOfIri(w3cIri('relation', id))).toBe(id)
    expect(idOfIri('http://example.org/anno1')).toBe('http://example.org/anno1')
  })

  it('round-trips an export whose ids are UUIDs, as Warrant makes them', () => {
    const ids = new Map<string, string>()
    const uuids = JSON.stringify(exported).replace(/"([arc]-[a-z]+)"/g, (_, id: string) => {
      const n = String(ids.size).padStart(2, '0')
      if (!ids.has(id)) ids.set(id, `000000${n}-0000-4000-8000-0000000000${n}`)
      return `"${ids.get(id)}"`
    })
    expect(ids.size).toBe(11)
    const withUuids = JSON.parse(uuids)
    const collection = w3cCollection(withUuids)
    expect(collection.first.items.every((a) => a.id.startsWith('urn:uuid:'))).toBe(true)
    expect(readW3c(JSON.parse(JSON.stringify(collection)))).toEqual({
      ...readClaims(withUuids),
      format: 'w3c',
    })
  })
})
