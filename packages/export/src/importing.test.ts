import { CONTENT_FRAGMENT, fragmentText, versionId } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { annotatedBrief, freshBrief, spanIn } from './brief.testkit'
import type { ImportBundle } from './bundle'
import { type ClaimRecord, type ClaimsExport, claimsExport } from './claims'
import { readClaims, readClaimsLines } from './claims-import'
import { exportDocument } from './formats'
import { importBundle } from './importing'
import { type ExportSource, exportInput } from './input'
import { readExport } from './reading'

const exportedAt = '2024-12-01T12:00:00.000Z'

function claimsOf(source: ExportSource): ClaimsExport {
  return claimsExport(exportInput(source, { exportedAt }))
}

/** A copy of the brief as it stands now (same text), with no annotations. */
function copyOf(source: ExportSource): ExportSource {
  const content = new Y.Doc()
  Y.applyUpdate(content, Y.encodeStateAsUpdate(source.content))
  return { ...source, id: 'kiep-2024-copy', content, annotations: new Y.Doc() }
}

function importInto(target: ExportSource, bundle: ImportBundle) {
  const fragment = target.content.getXmlFragment(CONTENT_FRAGMENT)
  const version = versionId(fragmentText(fragment).text)
  return importBundle({ annotations: target.annotations, content: fragment, version }, bundle)
}

/** A record without what an import renews (ids), other ends named by their quote instead. */
function comparable(record: ClaimRecord) {
  const { id: _id, ...rest } = record
  const threadIds = new Map(record.comments.map((c, i) => [c.id, i]))
  return {
    ...rest,
    relations: record.relations.map(({ id: _rid, other, ...r }) => ({
      ...r,
      other: { kind: other.kind, quote: other.quote },
    })),
    comments: record.comments.map(({ id: _cid, parent, ...c }) => ({
      ...c,
      parent: parent === null ? null : (threadIds.get(parent) ?? 'missing'),
    })),
  }
}

describe('importing a claims export', () => {
  it('brings back every record, relation, attribute and thread of the brief', () => {
    const original = annotatedBrief()
    const first = claimsOf(original)
    const copy = copyOf(original)
    const report = importInto(
      copy,
      readClaims(JSON.parse(exportDocument('claims', exportInput(original, { exportedAt })).body)),
    )
    expect(report).toMatchObject({ annotations: 10, relations: 7, comments: 3, skipped: [] })
    const again = claimsOf(copy)
    expect(again.records.map(comparable)).toEqual(first.records.map(comparable))
    const types = new Set(again.records.flatMap((r) => r.relations.map((rel) => rel.type)))
    expect([...types].sort()).toEqual([
      'about',
      'cites',
      'contradicts',
      'qualifies',
      'resolves',
      'supports',
    ])
  })

  it('brings back the same from the w3c export', () => {
    const original = annotatedBrief()
    const w3c = exportDocument('w3c', exportInput(original, { exportedAt })).body
    const copy = copyOf(original)
    const report = importInto(copy, readExport(w3c))
    expect(report).toMatchObject({ annotations: 10, relations: 7, comments: 3, skipped: [] })
    expect(claimsOf(copy).records.map(comparable)).toEqual(
      claimsOf(original).records.map(comparable),
    )
  })

  it('reads the jsonl export to the same records', () => {
    const original = annotatedBrief()
    const jsonl = exportDocument('jsonl', exportInput(original, { exportedAt })).body
    const copy = copyOf(original)
    importInto(copy, readClaimsLines(jsonl))
    expect(claimsOf(copy).records.map(comparable)).toEqual(
      claimsOf(original).records.map(comparable),
    )
  })

  it('brings back a brief from pages with every page, from claims, jsonl and w3c alike', () => {
    const original = annotatedBrief({ perPage: 4 })
    const first = claimsOf(original).records.map(comparable)
    expect(first.filter((r) => r.locator.page !== undefined)).toHaveLength(9)
    for (const format of ['claims', 'jsonl', 'w3c']) {
      const file = exportDocument(format, exportInput(original, { exportedAt })).body
      const copy = copyOf(original)
      expect(importInto(copy, readExport(file))).toMatchObject({ annotations: 10, skipped: [] })
      expect(claimsOf(copy).records.map(comparable), format).toEqual(first)
    }
  })

  it('keeps an orphan orphaned in a copy where its passage is gone, and places it where it is not', () => {
    const original = annotatedBrief()
    const bundle = readClaims(claimsOf(original))
    const copy = copyOf(original)
    const report = importInto(copy, bundle)
    expect(report.placed).toEqual({ unchanged: 9, moved: 0, changed: 1, ambiguous: 0 })
    const orphan = claimsOf(copy).records.find((r) => r.quote === 'no more than 300 people')
    expect(orphan?.anchor).toBe('orphaned')

    // The unedited brief still has the passage: the orphan's quote finds it there.
    const { record, content } = freshBrief()
    const unedited = { id: 'kiep-2024-unedited', record, content, annotations: new Y.Doc() }
    const back = importInto(unedited, bundle)
    expect(back.placed.changed).toBe(0)
    const placed = claimsOf(unedited).records.find((r) => r.quote === 'no more than 300 people')
    expect(placed?.anchor).toBe('anchored')
    expect(placed?.position).toEqual(spanIn(content, 'no more than 300 people'))
  })

  it('orphans a record whose quote occurs twice in context-free form, rather than guessing', () => {
    const original = annotatedBrief()
    const exported = claimsOf(original)
    const record = {
      ...exported.records[0]!,
      quote: 'North Korea',
      prefix: '',
      suffix: '',
      relations: [],
      comments: [],
    }
    const bundle = readClaims({
      ...exported,
      document: { ...exported.document, version: 'v-other' },
      records: [record],
    })
    const copy = copyOf(original)
    expect(importInto(copy, bundle).placed).toEqual({
      unchanged: 0,
      moved: 0,
      changed: 0,
      ambiguous: 1,
    })
    expect(claimsOf(copy).records[0]?.anchor).toBe('orphaned')
  })

  it('uses the pinned position when the version is the same, even for a repeated quote', () => {
    const original = annotatedBrief()
    const exported = claimsOf(original)
    const at = spanIn(original.content, 'North Korea could host up to three summits')
    const record = {
      ...exported.records[0]!,
      quote: 'North Korea',
      prefix: '',
      suffix: '',
      position: { start: at.start, end: at.start + 'North Korea'.length },
      relations: [],
      comments: [],
    }
    const copy = copyOf(original)
    const report = importInto(copy, readClaims({ ...exported, records: [record] }))
    expect(report.placed.unchanged).toBe(1)
    expect(claimsOf(copy).records[0]).toMatchObject({
      anchor: 'anchored',
      position: record.position,
    })
  })

  it('skips a relation whose other end is not in the export, and says so', () => {
    const original = annotatedBrief()
    const exported = claimsOf(original)
    const kept = exported.records.filter((r) => r.kind !== 'source')
    const copy = copyOf(original)
    const report = importInto(copy, readClaims({ ...exported, records: kept }))
    expect(report.relations).toBe(6)
    expect(report.skipped).toEqual([
      {
        type: 'relation',
        id: expect.any(String),
        reason: expect.stringMatching(/^no annotation "/),
      },
    ])
  })

  it('writes nothing when an annotation does not fit the codebook, naming each one', () => {
    const original = annotatedBrief()
    const exported = claimsOf(original)
    const records = exported.records.map((r, i) => (i === 2 ? { ...r, kind: 'rumour' } : r))
    const copy = copyOf(original)
    expect(() => importInto(copy, readClaims({ ...exported, records }))).toThrow(
      /nothing was imported: annotations\[2\] \(.+\): .*rumour/,
    )
    expect(copy.annotations.getMap('annotations').size).toBe(0)
  })

  it('refuses a damaged export with the place it is wrong', () => {
    const exported = claimsOf(annotatedBrief())
    const records = exported.records.map((r, i) => (i === 3 ? { ...r, quote: 42 } : r))
    expect(() => readClaims({ ...exported, records })).toThrow(/records\[3\]\.quote: /)
    expect(() => readClaims({ format: 'warrant.claims/0' })).toThrow(/format: /)
    expect(() => readClaimsLines('{"id":1}\nnot json')).toThrow(/line 1: /)
  })
})
