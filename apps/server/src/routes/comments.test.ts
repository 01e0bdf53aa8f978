import type { Comment } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import { type ErrorAnswer, json, setup } from '../app.testkit'

type CommentBody = Comment

/** The brief with one claim, and the path of its thread. */
async function withClaim() {
  const fixture = await setup()
  const claim = await fixture.annotate('claim', 'said the report')
  const thread = `/api/documents/brief/annotations/${claim.id}/comments`
  const comment = async (body: unknown, as?: string) => {
    const response = await fixture.post(thread, body, as)
    if (response.status !== 201) throw new Error(`${response.status}: ${await response.text()}`)
    return json<CommentBody>(response)
  }
  return { ...fixture, claim, thread, comment }
}

describe('POST /api/documents/:id/annotations/:aid/comments', () => {
  it('starts a thread and takes replies, each credited to its token', async () => {
    const { claim, comment, token } = await withClaim()
    const first = await comment({ text: 'Which report?' }, token.annotator)
    expect(first).toMatchObject({
      annotation: claim.id,
      parent: null,
      text: 'Which report?',
      creator: 'Ada',
      modifiedBy: 'Ada',
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    })
    const reply = await comment({ text: 'The KIEP one.', parent: first.id }, token.other)
    expect(reply).toMatchObject({ parent: first.id, creator: 'Otto' })
  })

  it.each([
    ['empty text', { text: '  ' }, 'text', /^"text": a comment needs some text$/],
    ['no text', {}, 'text', /^"text" is required$/],
    [
      'a reply to a missing comment',
      { text: 'Yes', parent: 'gone' },
      'parent',
      /no comment "gone"/,
    ],
    ['a misspelt field', { text: 'Yes', txt: 'Yes' }, 'txt', /not a field/],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_, body, field, error) => {
    const { post, snapshot, thread } = await withClaim()
    const before = await snapshot()
    const response = await post(thread, body)
    expect(response.status).toBe(422)
    const answer = await json<ErrorAnswer>(response)
    expect(answer.field).toBe(field)
    expect(answer.error).toMatch(error)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a reply to a comment on another annotation', async () => {
    const { annotate, comment, post, thread } = await withClaim()
    const other = await annotate('evidence', 'fell by 86.3 percent')
    const elsewhere = await json<CommentBody>(
      await post(`/api/documents/brief/annotations/${other.id}/comments`, { text: 'Source?' }),
    )
    const response = await post(thread, { text: 'Yes', parent: elsewhere.id })
    expect(response.status).toBe(422)
    await comment({ text: 'still works' })
  })

  it('answers 404 for an unknown annotation and 403 for a viewer', async () => {
    const { post, snapshot, thread, token } = await withClaim()
    const before = await snapshot()
    const unknown = await post('/api/documents/brief/annotations/nope/comments', { text: 'Hi' })
    expect(unknown.status).toBe(404)
    expect(await json<ErrorAnswer>(unknown)).toMatchObject({
      error: 'no annotation "nope" in document "brief"',
    })
    expect((await post(thread, { text: 'Hi' }, token.viewer)).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})

describe('PATCH /api/documents/:id/annotations/:aid/comments/:cid', () => {
  it('lets the author edit the text, recording who and when', async () => {
    const { comment, patch, thread, token } = await withClaim()
    const first = await comment({ text: 'Whcih report?' }, token.annotator)
    const response = await patch(
      `${thread}/${first.id}`,
      { text: 'Which report?' },
      token.annotator,
    )
    expect(response.status).toBe(200)
    const edited = await json<CommentBody>(response)
    expect(edited).toMatchObject({ text: 'Which report?', creator: 'Ada', modifiedBy: 'Ada' })
    expect(edited.modified >= first.modified).toBe(true)
    expect(edited.created).toBe(first.created)
  })

  it("refuses another annotator's edit of the text with 403, but lets an editor edit it", async () => {
    const { comment, patch, snapshot, thread, token } = await withClaim()
    const first = await comment({ text: 'Which report?' }, token.annotator)
    const before = await snapshot()
    const refused = await patch(`${thread}/${first.id}`, { text: 'Mine now' }, token.other)
    expect(refused.status).toBe(403)
    expect(await json<ErrorAnswer>(refused)).toMatchObject({
      error: 'only its author (Ada) or an editor may edit a comment',
    })
    expect(await snapshot()).toEqual(before)
    const edited = await patch(`${thread}/${first.id}`, { text: 'Tidied' }, token.editor)
    expect(await json<CommentBody>(edited)).toMatchObject({ text: 'Tidied', modifiedBy: 'Eda' })
  })

  it('resolves and reopens a thread, recording who resolved it and when', async () => {
    const { comment, patch, thread, token } = await withClaim()
    const first = await comment({ text: 'Which report?' }, token.annotator)
    const resolved = await json<CommentBody>(
      await patch(`${thread}/${first.id}`, { resolved: true }, token.other),
    )
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: 'Otto', text: 'Which report?' })
    expect(resolved.resolvedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const reopened = await json<CommentBody>(
      await patch(`${thread}/${first.id}`, { resolved: false }, token.annotator),
    )
    expect(reopened).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null })
  })

  it.each([
    ['an empty change', {}, undefined, /give "text" to edit the comment or "resolved"/],
    ['empty text', { text: '' }, 'text', /needs some text/],
    [
      'a resolved flag that is not true or false',
      { resolved: 'yes' },
      'resolved',
      /true to resolve/,
    ],
  ])('refuses %s with 422, storing nothing', async (_, body, field, error) => {
    const { comment, patch, snapshot, thread } = await withClaim()
    const first = await comment({ text: 'Which report?' })
    const before = await snapshot()
    const response = await patch(`${thread}/${first.id}`, body)
    expect(response.status).toBe(422)
    const answer = await json<ErrorAnswer>(response)
    expect(answer.field).toBe(field)
    expect(answer.error).toMatch(error)
    expect(await snapshot()).toEqual(before)
  })

  it('answers 404 for an unknown comment, one on another annotation, or an unknown annotation', async () => {
    const { annotate, comment, patch, thread } = await withClaim()
    const first = await comment({ text: 'Which report?' })
    const other = await annotate('evidence', 'fell by 86.3 percent')
    const unknown = await patch(`${thread}/nope`, { resolved: true })
    expect(unknown.status).toBe(404)
    expect((await json<ErrorAnswer>(unknown)).error).toMatch(/^no comment "nope" on annotation/)
    const misplaced = `/api/documents/brief/annotations/${other.id}/comments/${first.id}`
    expect((await patch(misplaced, { resolved: true })).status).toBe(404)
    const orphan = `/api/documents/brief/annotations/nope/comments/${first.id}`
    expect((await patch(orphan, { resolved: true })).status).toBe(404)
  })

  it('refuses a viewer with 403', async () => {
    const { comment, patch, thread, token } = await withClaim()
    const first = await comment({ text: 'Which report?' })
    expect((await patch(`${thread}/${first.id}`, { resolved: true }, token.viewer)).status).toBe(
      403,
    )
  })
})
