import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { resolveAnchors } from './anchoring'
import { addComment, listComments } from './comments'
import { AnnotationError } from './error'
import { ANNOTATIONS } from './layout'
import { reanchorAnnotation } from './reanchor'
import { createRelation, listRelations } from './relations'
import { deleteText, now, offsetOfText, textOf, tradeSession } from './replicas.testkit'
import { createAnnotation, getAnnotation, listAnnotations } from './store'

const later = '2024-10-02T10:00:00.000Z'

/** The trade brief with a statistic whose passage was then deleted (an orphan), a claim it supports and a thread on it. */
function orphanSession() {
  const session = tradeSession()
  const { annotations, fragment, spanOf } = session
  const statistic = createAnnotation(annotations, fragment, {
    kind: 'statistic',
    span: spanOf('86.3 percent'),
    creator: 'Ana',
    attributes: { value: 86.3, unit: 'percent' },
    note: 'KITA figure',
    now,
  })
  const claim = createAnnotation(annotations, fragment, {
    kind: 'claim',
    span: spanOf('Trade with China recovered'),
    creator: 'Ana',
    now,
  })
  createRelation(annotations, {
    type: 'supports',
    from: statistic.id,
    to: claim.id,
    creator: 'Ana',
  })
  addComment(annotations, { annotation: statistic.id, text: 'Which year?', creator: 'Ben' })
  deleteText(session, offsetOfText(session, '86.3 percent'), '86.3 percent'.length)
  return { ...session, statistic, claim }
}

describe('reanchorAnnotation', () => {
  it('places an orphan on a new selection, anchored again', () => {
    const { annotations, fragment, statistic } = orphanSession()
    expect(resolveAnchors([statistic], fragment).get(statistic.id)?.health).toBe('orphaned')
    const span = { start: 0, end: 5 }
    reanchorAnnotation(annotations, fragment, statistic.id, { span, editor: 'Ben', now: later })
    expect(resolveAnchors(listAnnotations(annotations), fragment).get(statistic.id)).toEqual({
      health: 'anchored',
      span,
      text: 'Trade',
    })
  })

  it('keeps its id, kind, attributes, note, creator, creation time, relations and thread', () => {
    const { annotations, fragment, statistic } = orphanSession()
    const relations = listRelations(annotations)
    const comments = listComments(annotations)
    const moved = reanchorAnnotation(annotations, fragment, statistic.id, {
      span: { start: 0, end: 5 },
      editor: 'Ben',
      now: later,
    })
    const changes = ['anchor', 'modified', 'modifiedBy']
    const kept = Object.fromEntries(Object.entries(statistic).filter(([k]) => !changes.includes(k)))
    expect(moved).toMatchObject(kept)
    expect(getAnnotation(annotations, statistic.id)).toEqual(moved)
    expect(listRelations(annotations)).toEqual(relations)
    expect(listComments(annotations)).toEqual(comments)
    expect(listAnnotations(annotations)).toHaveLength(2)
  })

  it('records the new quote, context, position and who re-anchored it when', () => {
    const session = orphanSession()
    const { annotations, fragment, statistic } = session
    const start = offsetOfText(session, 'Trade with')
    const moved = reanchorAnnotation(annotations, fragment, statistic.id, {
      span: { start, end: start + 'Trade with'.length },
      editor: 'Ben',
      now: later,
    })
    expect(moved?.anchor).toMatchObject({
      exact: 'Trade with',
      suffix: ' China recovered in 2023.',
      position: { start, end: start + 'Trade with'.length },
    })
    expect(moved?.anchor.prefix.endsWith('year-on-year.\n')).toBe(true)
    expect(moved?.modified).toBe(later)
    const record = annotations.getMap<Y.Map<unknown>>(ANNOTATIONS).get(statistic.id)
    expect(record?.get('modifiedBy')).toBe('Ben')
    expect(record?.get('creator')).toBe('Ana')
  })

  it('writes under the origin given, so an editor can undo its own re-anchoring', () => {
    const { annotations, fragment, statistic } = orphanSession()
    const origin = { user: 'Ben' }
    const undo = new Y.UndoManager(annotations.getMap(ANNOTATIONS), {
      trackedOrigins: new Set([origin]),
    })
    reanchorAnnotation(
      annotations,
      fragment,
      statistic.id,
      { span: { start: 0, end: 5 }, editor: 'Ben', now: later },
      { origin },
    )
    undo.undo()
    expect(getAnnotation(annotations, statistic.id)).toEqual(statistic)
  })

  it('returns null for an unknown annotation and refuses an empty or out-of-range span', () => {
    const session = orphanSession()
    const { annotations, fragment, statistic } = session
    const text = textOf(session)
    const init = { editor: 'Ben', now: later }
    expect(
      reanchorAnnotation(annotations, fragment, 'nope', { ...init, span: { start: 0, end: 5 } }),
    ).toBeNull()
    expect(() =>
      reanchorAnnotation(annotations, fragment, statistic.id, {
        ...init,
        span: { start: 3, end: 3 },
      }),
    ).toThrow(AnnotationError)
    expect(() =>
      reanchorAnnotation(annotations, fragment, statistic.id, {
        ...init,
        span: { start: 0, end: text.length + 1 },
      }),
    ).toThrow(/outside the text/)
    expect(getAnnotation(annotations, statistic.id)).toEqual(statistic)
  })
})
