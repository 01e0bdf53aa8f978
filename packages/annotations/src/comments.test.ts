import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, listComments, setCommentResolved } from './comments'
import { COMMENTS } from './layout'
import { now, tradeSession } from './replicas.testkit'
import { createAnnotation } from './store'

const setup = tradeSession

describe('comments', () => {
  it('keeps a thread of comments and replies, open until resolved', () => {
    const { annotations, fragment, spanOf } = setup()
    const { id } = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with'),
      creator: 'A',
    })
    const first = addComment(annotations, { annotation: id, text: 'Source?', creator: 'B', now })
    const reply = addComment(annotations, {
      annotation: id,
      parent: first.id,
      text: 'KITA data.',
      creator: 'A',
      now: '2024-10-01T10:00:00.000Z',
    })
    expect(first).toMatchObject({ parent: null, resolved: false, created: now, modified: now })
    expect(listComments(annotations)).toEqual([first, reply])
    expect(annotations.getMap(COMMENTS).get(first.id)).toBeInstanceOf(Y.Map)
    const resolved = setCommentResolved(annotations, first.id, true, {
      now: '2024-10-02T00:00:00Z',
    })
    expect(resolved).toMatchObject({ resolved: true, modified: '2024-10-02T00:00:00Z' })
    expect(listComments(annotations, id)[0]!.resolved).toBe(true)
    expect(listComments(annotations, 'other')).toEqual([])
  })

  it('refuses a comment on a missing annotation, a reply to a missing comment, or no text', () => {
    const { annotations, fragment, spanOf } = setup()
    const { id } = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with'),
      creator: 'A',
    })
    expect(() => addComment(annotations, { annotation: 'ghost', text: 'x', creator: 'B' })).toThrow(
      expect.objectContaining({ code: 'missing-annotation' }),
    )
    expect(() =>
      addComment(annotations, { annotation: id, parent: 'ghost', text: 'x', creator: 'B' }),
    ).toThrow(expect.objectContaining({ code: 'missing-comment' }))
    expect(() => addComment(annotations, { annotation: id, text: '  ', creator: 'B' })).toThrow(
      expect.objectContaining({ code: 'empty-comment' }),
    )
  })
})
