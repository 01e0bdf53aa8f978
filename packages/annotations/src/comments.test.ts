import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, editComment, listComments, setCommentResolved } from './comments'
import { COMMENTS } from './layout'
import { now, replicas, syncAll, textOf, tradeBrief, tradeSession } from './replicas.testkit'
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
    expect(first).toEqual({
      id: first.id,
      annotation: id,
      parent: null,
      text: 'Source?',
      creator: 'B',
      created: now,
      modified: now,
      modifiedBy: 'B',
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    })
    expect(reply.parent).toBe(first.id)
    expect(listComments(annotations)).toEqual([first, reply])
    expect(annotations.getMap(COMMENTS).get(first.id)).toBeInstanceOf(Y.Map)
    expect(listComments(annotations, 'other')).toEqual([])
  })

  it('resolves a thread, recording who and when, and reopens it', () => {
    const { annotations, fragment, spanOf } = setup()
    const { id } = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with'),
      creator: 'A',
    })
    const first = addComment(annotations, { annotation: id, text: 'Source?', creator: 'B', now })
    const at = '2024-10-02T00:00:00.000Z'
    const resolved = setCommentResolved(annotations, first.id, true, { editor: 'A', now: at })
    expect(resolved).toEqual({ ...first, resolved: true, resolvedBy: 'A', resolvedAt: at })
    expect(listComments(annotations, id)).toEqual([resolved])
    const reopened = setCommentResolved(annotations, first.id, false, { editor: 'B' })
    expect(reopened).toEqual(first)
    expect(setCommentResolved(annotations, 'ghost', true, { editor: 'B' })).toBeNull()
  })

  it('edits the text of a comment, recording who and when', () => {
    const { annotations, fragment, spanOf } = setup()
    const { id } = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with'),
      creator: 'A',
    })
    const first = addComment(annotations, { annotation: id, text: 'Sorce?', creator: 'B', now })
    const at = '2024-10-01T09:05:00.000Z'
    const edited = editComment(annotations, first.id, { text: 'Source?', editor: 'B', now: at })
    expect(edited).toEqual({ ...first, text: 'Source?', modified: at, modifiedBy: 'B' })
    expect(listComments(annotations)).toEqual([edited])
    expect(() => editComment(annotations, first.id, { text: ' ', editor: 'B' })).toThrow(
      expect.objectContaining({ code: 'empty-comment' }),
    )
    expect(() => editComment(annotations, first.id, { text: 'x', editor: '' })).toThrow(
      expect.objectContaining({ code: 'missing-editor' }),
    )
    expect(editComment(annotations, 'ghost', { text: 'x', editor: 'B' })).toBeNull()
  })

  it('merges a concurrent edit and resolution of one comment', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = { start: text.indexOf('Trade with'), end: text.indexOf('Trade with') + 10 }
    const { id } = createAnnotation(a!.annotations, a!.fragment, {
      kind: 'claim',
      span,
      creator: 'A',
    })
    const first = addComment(a!.annotations, { annotation: id, text: 'Sorce?', creator: 'A', now })
    syncAll([a!, b!])
    editComment(a!.annotations, first.id, { text: 'Source?', editor: 'A', now })
    setCommentResolved(b!.annotations, first.id, true, { editor: 'B', now })
    syncAll([a!, b!])
    const merged = listComments(a!.annotations)
    expect(merged).toEqual([
      {
        ...first,
        text: 'Source?',
        modifiedBy: 'A',
        resolved: true,
        resolvedBy: 'B',
        resolvedAt: now,
      },
    ])
    expect(listComments(b!.annotations)).toEqual(merged)
  })

  it('refuses a comment on a missing annotation, a reply to a missing comment or one on another annotation, or no text', () => {
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
    const other = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('China'),
      creator: 'A',
    })
    const elsewhere = addComment(annotations, { annotation: other.id, text: 'x', creator: 'B' })
    expect(() =>
      addComment(annotations, { annotation: id, parent: elsewhere.id, text: 'x', creator: 'B' }),
    ).toThrow(expect.objectContaining({ code: 'missing-comment' }))
    expect(() => addComment(annotations, { annotation: id, text: '  ', creator: 'B' })).toThrow(
      expect.objectContaining({ code: 'empty-comment' }),
    )
  })
})
