import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RELATIONS } from './layout'
import { createRelation, deleteRelation, listRelations } from './relations'
import { now, tradeSession } from './replicas.testkit'
import { createAnnotation } from './store'

const setup = tradeSession

describe('relations', () => {
  function twoAnnotations() {
    const s = setup()
    const claim = createAnnotation(s.annotations, s.fragment, {
      kind: 'claim',
      span: s.spanOf('Trade with China recovered in 2023.'),
      creator: 'A',
    })
    const evidence = createAnnotation(s.annotations, s.fragment, {
      kind: 'evidence',
      span: s.spanOf('exports fell by 86.3 percent'),
      creator: 'A',
    })
    return { ...s, claim, evidence }
  }

  it('links evidence to the claim it contradicts', () => {
    const { annotations, claim, evidence } = twoAnnotations()
    const relation = createRelation(annotations, {
      type: 'contradicts',
      from: evidence.id,
      to: claim.id,
      creator: 'B',
      now,
    })
    expect(relation).toMatchObject({
      type: 'contradicts',
      from: evidence.id,
      to: claim.id,
      note: '',
    })
    expect(listRelations(annotations)).toEqual([relation])
    expect(annotations.getMap(RELATIONS).get(relation.id)).toBeInstanceOf(Y.Map)
  })

  it('refuses a relation whose from or to annotation does not exist', () => {
    const { annotations, claim } = twoAnnotations()
    for (const [from, to] of [
      ['ghost', claim.id],
      [claim.id, 'ghost'],
    ]) {
      expect(() =>
        createRelation(annotations, { type: 'supports', from: from!, to: to!, creator: 'B' }),
      ).toThrow(expect.objectContaining({ code: 'missing-annotation' }))
    }
    expect(listRelations(annotations)).toEqual([])
  })

  it('refuses a relation of an annotation to itself, or of an unknown type', () => {
    const { annotations, claim, evidence } = twoAnnotations()
    expect(() =>
      createRelation(annotations, { type: 'supports', from: claim.id, to: claim.id, creator: 'B' }),
    ).toThrow(expect.objectContaining({ code: 'self-relation' }))
    const type = 'refutes' as 'supports'
    expect(() =>
      createRelation(annotations, { type, from: evidence.id, to: claim.id, creator: 'B' }),
    ).toThrow(expect.objectContaining({ code: 'unknown-relation-type' }))
  })

  it('deletes a relation', () => {
    const { annotations, claim, evidence } = twoAnnotations()
    const r = createRelation(annotations, {
      type: 'supports',
      from: evidence.id,
      to: claim.id,
      creator: 'B',
    })
    expect(deleteRelation(annotations, r.id)).toEqual(r)
    expect(deleteRelation(annotations, r.id)).toBeNull()
    expect(listRelations(annotations)).toEqual([])
  })
})
