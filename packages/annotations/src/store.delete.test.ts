import { describe, expect, it } from 'vitest'
import { addComment, listComments } from './comments'
import { RELATIONS } from './layout'
import { createRelation, listRelations } from './relations'
import { replicas, syncAll, textOf, tradeBrief, tradeSession } from './replicas.testkit'
import { createAnnotation, deleteAnnotation, getAnnotation, listAnnotations } from './store'

const setup = tradeSession

describe('deleteAnnotation', () => {
  it('removes the annotation with its relations and comments in one transaction and returns them', () => {
    const { annotations, fragment, spanOf } = setup()
    const claim = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with'),
      creator: 'A',
    })
    const evidence = createAnnotation(annotations, fragment, {
      kind: 'evidence',
      span: spanOf('exports fell'),
      creator: 'A',
    })
    const actor = createAnnotation(annotations, fragment, {
      kind: 'actor',
      span: spanOf('China'),
      creator: 'A',
    })
    const supports = createRelation(annotations, {
      type: 'supports',
      from: evidence.id,
      to: claim.id,
      creator: 'A',
    })
    const about = createRelation(annotations, {
      type: 'supports',
      from: actor.id,
      to: evidence.id,
      creator: 'A',
    })
    const kept = createRelation(annotations, {
      type: 'contradicts',
      from: actor.id,
      to: claim.id,
      creator: 'A',
    })
    const comment = addComment(annotations, {
      annotation: evidence.id,
      text: 'Which year?',
      creator: 'B',
    })
    const other = addComment(annotations, { annotation: claim.id, text: 'Agreed.', creator: 'B' })

    let transactions = 0
    annotations.on('afterTransaction', () => transactions++)
    const removed = deleteAnnotation(annotations, evidence.id, { origin: 'me' })

    expect(transactions).toBe(1)
    expect(removed?.annotation).toEqual(evidence)
    expect(removed?.relations.map((r) => r.id).sort()).toEqual([supports.id, about.id].sort())
    expect(removed?.comments).toEqual([comment])
    expect(getAnnotation(annotations, evidence.id)).toBeNull()
    expect(listRelations(annotations)).toEqual([kept])
    expect(listComments(annotations)).toEqual([other])
    expect(annotations.getMap(RELATIONS).size).toBe(1)
    expect(deleteAnnotation(annotations, evidence.id)).toBeNull()
  })

  it('hides a relation or comment made concurrently with the deletion of its annotation', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length })
    const claim = createAnnotation(a!.annotations, a!.fragment, {
      kind: 'claim',
      span: span('Trade with'),
      creator: 'A',
    })
    const evidence = createAnnotation(a!.annotations, a!.fragment, {
      kind: 'evidence',
      span: span('exports fell'),
      creator: 'A',
    })
    syncAll([a!, b!])
    deleteAnnotation(a!.annotations, evidence.id)
    createRelation(b!.annotations, {
      type: 'supports',
      from: evidence.id,
      to: claim.id,
      creator: 'B',
    })
    addComment(b!.annotations, { annotation: evidence.id, text: 'Good find.', creator: 'B' })
    syncAll([a!, b!])
    for (const replica of [a!, b!]) {
      expect(listAnnotations(replica.annotations).map((x) => x.id)).toEqual([claim.id])
      expect(listRelations(replica.annotations)).toEqual([])
      expect(listComments(replica.annotations)).toEqual([])
    }
  })
})
