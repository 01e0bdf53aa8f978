import { describe, expect, it } from 'vitest'
import { defaultCodebook } from './codebook'
import { createRelation } from './relations'
import { now, replicas, syncAll, textOf, tradeBrief, tradeSession } from './replicas.testkit'
import { createAnnotation, getAnnotation, listAnnotations, updateAnnotation } from './store'

const later = '2024-10-02T10:00:00.000Z'

/** A claim on 'Trade with' by Ana, with a status. */
function claimSession() {
  const s = tradeSession()
  const claim = createAnnotation(s.annotations, s.fragment, {
    kind: 'claim',
    span: s.spanOf('Trade with'),
    creator: 'Ana',
    attributes: { status: 'unverified' },
    now,
  })
  return { ...s, claim }
}

describe('listing annotations', () => {
  it('lists annotations oldest first, the same on every replica', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = { start: text.indexOf('Trade with'), end: text.indexOf('Trade with') + 10 }
    createAnnotation(b!.annotations, b!.fragment, {
      kind: 'claim',
      span,
      creator: 'B',
      now: '2024-10-02T00:00:00Z',
    })
    createAnnotation(a!.annotations, a!.fragment, {
      kind: 'actor',
      span,
      creator: 'A',
      now: '2024-10-01T00:00:00Z',
    })
    syncAll([a!, b!])
    expect(listAnnotations(a!.annotations).map((x) => x.creator)).toEqual(['A', 'B'])
    expect(listAnnotations(b!.annotations)).toEqual(listAnnotations(a!.annotations))
  })
})

describe('updateAnnotation', () => {
  it('keeps the creator and creation time and records who changed it and when', () => {
    const { annotations, claim } = claimSession()
    expect(claim).toMatchObject({ creator: 'Ana', modifiedBy: 'Ana', modified: now })
    const edited = updateAnnotation(annotations, claim.id, {
      note: 'Check the customs data.',
      editor: 'Ben',
      now: later,
    })
    expect(edited).toEqual({
      ...claim,
      note: 'Check the customs data.',
      modified: later,
      modifiedBy: 'Ben',
    })
    expect(getAnnotation(annotations, claim.id)).toEqual(edited)
  })

  it('refuses an edit that names no editor', () => {
    const { annotations, claim } = claimSession()
    const patch = { note: 'x', editor: ' ' }
    expect(() => updateAnnotation(annotations, claim.id, patch)).toThrow(
      expect.objectContaining({ code: 'missing-editor' }),
    )
    expect(getAnnotation(annotations, claim.id)).toEqual(claim)
  })

  it('validates new attributes and stores nothing when they do not fit', () => {
    const { annotations, claim } = claimSession()
    const patch = { attributes: { status: 'true' }, note: 'x', editor: 'Ben' }
    expect(() => updateAnnotation(annotations, claim.id, patch)).toThrow(
      expect.objectContaining({ code: 'invalid-attributes', field: 'attributes.status' }),
    )
    expect(getAnnotation(annotations, claim.id)).toEqual(claim)
    expect(updateAnnotation(annotations, 'nope', { note: 'x', editor: 'Ben' })).toBeNull()
  })

  it('re-validates the attributes against a new kind', () => {
    const { annotations, claim } = claimSession()
    expect(() => updateAnnotation(annotations, claim.id, { kind: 'actor', editor: 'Ben' })).toThrow(
      expect.objectContaining({ code: 'invalid-attributes', field: 'attributes.status' }),
    )
    expect(() =>
      updateAnnotation(annotations, claim.id, { kind: 'opinion', editor: 'Ben' }),
    ).toThrow(expect.objectContaining({ code: 'unknown-kind' }))
    expect(getAnnotation(annotations, claim.id)).toEqual(claim)
    const actor = updateAnnotation(annotations, claim.id, {
      kind: 'actor',
      attributes: { name: 'China', wikidata: 'Q148' },
      editor: 'Ben',
    })
    expect(actor).toMatchObject({ kind: 'actor', attributes: { name: 'China', wikidata: 'Q148' } })
  })

  it('refuses a retired kind as a new kind, but edits an annotation of a retired kind', () => {
    const { annotations, claim } = claimSession()
    const retired = (key: string) => ({
      kinds: defaultCodebook.kinds.map((k) => (k.key === key ? { ...k, retired: true } : k)),
    })
    const patch = { kind: 'recommendation', attributes: {}, editor: 'Ben' }
    expect(() =>
      updateAnnotation(annotations, claim.id, patch, { codebook: retired('recommendation') }),
    ).toThrow(expect.objectContaining({ code: 'retired-kind' }))
    const edited = updateAnnotation(
      annotations,
      claim.id,
      { attributes: { status: 'disputed' }, editor: 'Ben' },
      { codebook: retired('claim') },
    )
    expect(edited?.attributes).toEqual({ status: 'disputed' })
  })

  it('refuses a kind that a relation pointing to the annotation rules out', () => {
    const { annotations, fragment, spanOf, claim } = claimSession()
    const source = createAnnotation(annotations, fragment, {
      kind: 'source',
      span: spanOf('China recovered'),
      creator: 'Ana',
    })
    createRelation(annotations, { type: 'cites', from: claim.id, to: source.id, creator: 'Ana' })
    expect(() =>
      updateAnnotation(annotations, source.id, { kind: 'evidence', editor: 'Ben' }),
    ).toThrow(expect.objectContaining({ code: 'relation-kind-mismatch', field: 'kind' }))
    // The claim is the relation's `from`, which no type constrains.
    const patch = { kind: 'evidence', attributes: {}, editor: 'Ben' }
    expect(updateAnnotation(annotations, claim.id, patch)?.kind).toBe('evidence')
  })

  it('merges concurrent edits of different fields and attributes of one annotation', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = { start: text.indexOf('Trade with'), end: text.indexOf('Trade with') + 10 }
    const { id } = createAnnotation(a!.annotations, a!.fragment, {
      kind: 'claim',
      span,
      creator: 'A',
    })
    syncAll([a!, b!])
    updateAnnotation(a!.annotations, id, { attributes: { status: 'disputed' }, editor: 'A' })
    updateAnnotation(b!.annotations, id, { note: 'Check the customs data.', editor: 'B' })
    syncAll([a!, b!])
    const both = { status: 'disputed' }
    updateAnnotation(a!.annotations, id, { attributes: { ...both, confidence: 0.3 }, editor: 'A' })
    updateAnnotation(b!.annotations, id, {
      attributes: { ...both, claimType: 'factual' },
      editor: 'B',
    })
    syncAll([a!, b!])
    const merged = getAnnotation(a!.annotations, id)
    expect(merged).toMatchObject({
      note: 'Check the customs data.',
      attributes: { status: 'disputed', confidence: 0.3, claimType: 'factual' },
    })
    expect(getAnnotation(b!.annotations, id)).toEqual(merged)
  })

  it('never merges an attribute of the old kind into a concurrent change of kind', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = { start: text.indexOf('Trade with'), end: text.indexOf('Trade with') + 10 }
    const { id } = createAnnotation(a!.annotations, a!.fragment, {
      kind: 'claim',
      span,
      creator: 'A',
    })
    syncAll([a!, b!])
    updateAnnotation(a!.annotations, id, {
      kind: 'actor',
      attributes: { name: 'China' },
      editor: 'A',
    })
    updateAnnotation(b!.annotations, id, { attributes: { status: 'disputed' }, editor: 'B' })
    syncAll([a!, b!])
    for (const replica of [a!, b!]) {
      expect(getAnnotation(replica.annotations, id)).toMatchObject({
        kind: 'actor',
        attributes: { name: 'China' },
      })
    }
  })
})
