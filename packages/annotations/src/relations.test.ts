import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RELATIONS } from './layout'
import { relationTypes } from './model'
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

  it('has six types, and cites, about and resolves point to a source, an actor, a prediction', () => {
    const { annotations, fragment, spanOf, claim, evidence } = twoAnnotations()
    expect(relationTypes).toEqual([
      'supports',
      'contradicts',
      'qualifies',
      'cites',
      'about',
      'resolves',
    ])
    const tag = (kind: string, exact: string) =>
      createAnnotation(annotations, fragment, { kind, span: spanOf(exact), creator: 'A' }).id
    const targets = {
      cites: tag('source', 'year-on-year'),
      about: tag('actor', 'North Korea'),
      resolves: tag('prediction', 'recovered in 2023'),
    }
    for (const [type, to] of Object.entries(targets)) {
      const relation = createRelation(annotations, {
        type: type as keyof typeof targets,
        from: evidence.id,
        to,
        creator: 'B',
        note: `a ${type} note`,
      })
      expect(relation).toMatchObject({ type, to, note: `a ${type} note` })
      expect(() =>
        createRelation(annotations, {
          type: type as keyof typeof targets,
          from: evidence.id,
          to: claim.id,
          creator: 'B',
        }),
      ).toThrow(
        expect.objectContaining({
          code: 'relation-kind-mismatch',
          field: 'to',
          message: expect.stringContaining('not to a claim'),
        }),
      )
    }
    const qualifies = createRelation(annotations, {
      type: 'qualifies',
      from: evidence.id,
      to: claim.id,
      creator: 'B',
    })
    expect(
      listRelations(annotations)
        .map((r) => r.type)
        .sort(),
    ).toEqual(['about', 'cites', 'qualifies', 'resolves'])
    expect(qualifies.note).toBe('')
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
