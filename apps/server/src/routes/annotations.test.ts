import { describe, expect, it } from 'vitest'
import { type AnnotationBody, type ErrorAnswer, json, setup } from '../app.testkit'

const annotationsPath = '/api/documents/brief/annotations'

interface Listing {
  annotations: AnnotationBody[]
  relations: Array<{ id: string }>
  comments: Array<{ id: string; annotation: string }>
}

describe('POST /api/documents/:id/annotations', () => {
  it('stores attributes that fit the kind', async () => {
    const { annotate, snapshot } = await setup()
    const before = await snapshot()
    const claim = await annotate('claim', 'said the report', {
      attributes: { status: 'disputed', confidence: 0.4 },
    })
    expect(claim.attributes).toEqual({ status: 'disputed', confidence: 0.4 })
    expect((await snapshot()).annotations).not.toEqual(before.annotations)
  })

  it.each([
    [
      'an attribute value the kind does not allow',
      { kind: 'claim', quote: { exact: 'Exports' }, attributes: { status: 'maybe' } },
      'attributes.status',
      /^attributes\.status: /,
    ],
    [
      'an attribute the kind does not have',
      { kind: 'actor', quote: { exact: 'Exports' }, attributes: { colour: 'red' } },
      'attributes.colour',
      /kind "actor" has no such attribute/,
    ],
    ['an unknown kind', { kind: 'rumour', quote: { exact: 'Exports' } }, 'kind', /unknown kind/],
    ['a missing kind', { quote: { exact: 'Exports' } }, 'kind', /^"kind" is required$/],
    ['an empty quote', { kind: 'claim', quote: { exact: '' } }, 'quote.exact', /quote is empty/],
    [
      'a quote that is absent',
      { kind: 'claim', quote: { exact: 'Exports rose' } },
      'quote.exact',
      /"Exports rose" is absent/,
    ],
    [
      'an ambiguous quote',
      { kind: 'claim', quote: { exact: 'Imports fell too' } },
      'quote',
      /ambiguous: it occurs 2 times/,
    ],
    ['neither a quote nor a position', { kind: 'claim' }, 'quote', /either "quote"/],
    [
      'an empty position',
      { kind: 'claim', position: { start: 14, end: 14 } },
      'position',
      /position 14\.\.14 is empty/,
    ],
    [
      'a position past the end',
      { kind: 'claim', position: { start: 90, end: 97 } },
      'position.end',
      /past the end of the document \(its text has 96 characters\)/,
    ],
    [
      'a negative position',
      { kind: 'claim', position: { start: -1, end: 4 } },
      'position.start',
      /^"position\.start": an offset of 0 or more$/,
    ],
    [
      'a misspelt field',
      { kind: 'claim', quote: { exact: 'Exports' }, notes: 'x' },
      'notes',
      /^"notes" is not a field of this request$/,
    ],
    [
      'a note that is not text',
      { kind: 'claim', quote: { exact: 'Exports' }, note: 3 },
      'note',
      /^"note": a note must be a string$/,
    ],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_, body, field, error) => {
    const { post, snapshot } = await setup()
    const before = await snapshot()
    const response = await post(annotationsPath, body)
    expect(response.status).toBe(422)
    const answer = await json<ErrorAnswer>(response)
    expect(answer.field).toBe(field)
    expect(answer.error).toMatch(error)
    expect(await snapshot()).toEqual(before)
  })

  it('says plainly that a quote is empty or longer than the document', async () => {
    const { post } = await setup()
    const empty = await json<ErrorAnswer>(
      await post(annotationsPath, { kind: 'claim', quote: { exact: '' } }),
    )
    expect(empty.error).toBe(
      '"quote.exact": the quote is empty: quote at least one character of the document',
    )
    const long = await json<ErrorAnswer>(
      await post(annotationsPath, { kind: 'claim', quote: { exact: `${'x'.repeat(97)}` } }),
    )
    expect(long.error).toBe(
      'the quote is longer than the document (97 characters; the document has 96)',
    )
  })

  it('refuses a kind the codebook has retired, naming the kind', async () => {
    const { post, put, request, snapshot } = await setup()
    const { kinds } = await json<{ kinds: Array<{ key: string }> }>(
      await request('/api/documents/brief/codebook'),
    )
    const retired = kinds.map((k) => (k.key === 'actor' ? { ...k, retired: true } : k))
    expect((await put('/api/documents/brief/codebook', { kinds: retired })).status).toBe(200)
    const before = await snapshot()
    const response = await post(annotationsPath, { kind: 'actor', quote: { exact: 'Exports' } })
    expect(response.status).toBe(422)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: 'kind "actor" is retired: new annotations cannot take it',
      field: 'kind',
    })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a viewer with 403 and stores nothing', async () => {
    const { post, snapshot, token } = await setup()
    const before = await snapshot()
    const response = await post(
      annotationsPath,
      { kind: 'claim', quote: { exact: 'Exports' } },
      token.viewer,
    )
    expect(response.status).toBe(403)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: "this needs the annotator role; the token is a viewer's",
    })
    expect(await snapshot()).toEqual(before)
  })
})

describe('PATCH /api/documents/:id/annotations/:aid', () => {
  it('changes the kind, attributes and note, crediting the token as the last editor', async () => {
    const { annotate, patch, token } = await setup()
    const created = await annotate('claim', 'fell by 86.3 percent', { note: 'a claim?' })
    const response = await patch(
      `${annotationsPath}/${created.id}`,
      { kind: 'statistic', attributes: { value: 86.3, unit: 'percent' }, note: 'a number' },
      token.annotator,
    )
    expect(response.status).toBe(200)
    expect(await json<AnnotationBody>(response)).toMatchObject({
      id: created.id,
      kind: 'statistic',
      attributes: { value: 86.3, unit: 'percent' },
      note: 'a number',
      creator: 'owner',
      modifiedBy: 'Ada',
      health: 'anchored',
    })
  })

  it.each([
    ['an invalid attribute', { attributes: { confidence: 2 } }, 'attributes.confidence'],
    ['an unknown kind', { kind: 'rumour' }, 'kind'],
    ['a note that is not text', { note: ['x'] }, 'note'],
    ['a misspelt field', { knd: 'claim' }, 'knd'],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_, body, field) => {
    const { annotate, patch, snapshot } = await setup()
    const created = await annotate('claim', 'said the report')
    const before = await snapshot()
    const response = await patch(`${annotationsPath}/${created.id}`, body)
    expect(response.status).toBe(422)
    expect((await json<ErrorAnswer>(response)).field).toBe(field)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a new kind that a relation pointing to the annotation does not allow', async () => {
    const { annotate, patch, post, snapshot } = await setup()
    const source = await annotate('source', 'the report')
    const claim = await annotate('claim', 'fell by 86.3 percent')
    await post('/api/documents/brief/relations', { type: 'cites', from: claim.id, to: source.id })
    const before = await snapshot()
    const response = await patch(`${annotationsPath}/${source.id}`, { kind: 'claim' })
    expect(response.status).toBe(422)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: expect.stringMatching(
        /"cites" relation .* points to this annotation, so it stays a source/,
      ),
      field: 'kind',
    })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses an empty change with 422 saying what may change', async () => {
    const { annotate, patch } = await setup()
    const created = await annotate('claim', 'said the report')
    const response = await patch(`${annotationsPath}/${created.id}`, {})
    expect(response.status).toBe(422)
    expect((await json<ErrorAnswer>(response)).error).toBe(
      'give at least one of "kind", "attributes" and "note" to change',
    )
  })

  it('answers 404 for an unknown annotation and 403 for a viewer', async () => {
    const { annotate, patch, token } = await setup()
    const unknown = await patch(`${annotationsPath}/nope`, { note: 'x' })
    expect(unknown.status).toBe(404)
    expect(await json<ErrorAnswer>(unknown)).toMatchObject({
      error: 'no annotation "nope" in document "brief"',
    })
    const created = await annotate('claim', 'said the report')
    expect(
      (await patch(`${annotationsPath}/${created.id}`, { note: 'x' }, token.viewer)).status,
    ).toBe(403)
  })
})

describe('DELETE /api/documents/:id/annotations/:aid', () => {
  it('removes the annotation and says which relations and how many comments went with it', async () => {
    const { annotate, del, post, request } = await setup()
    const claim = await annotate('claim', 'said the report')
    const evidence = await annotate('evidence', 'fell by 86.3 percent')
    const source = await annotate('source', 'Exports')
    const supports = await json<{ id: string }>(
      await post('/api/documents/brief/relations', {
        type: 'supports',
        from: evidence.id,
        to: claim.id,
      }),
    )
    const kept = await json<{ id: string }>(
      await post('/api/documents/brief/relations', {
        type: 'cites',
        from: evidence.id,
        to: source.id,
      }),
    )
    const comment = await json<{ id: string }>(
      await post(`${annotationsPath}/${claim.id}/comments`, { text: 'Which report?' }),
    )
    await post(`${annotationsPath}/${claim.id}/comments`, { text: 'KIEP', parent: comment.id })
    const response = await del(`${annotationsPath}/${claim.id}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      deleted: claim.id,
      relations: [{ id: supports.id, type: 'supports', from: evidence.id, to: claim.id }],
      comments: 2,
    })
    const listing = await json<Listing>(await request(annotationsPath))
    expect(listing.annotations.map((a) => a.id).sort()).toEqual([evidence.id, source.id].sort())
    expect(listing.relations.map((r) => r.id)).toEqual([kept.id])
    expect(listing.comments).toEqual([])
  })

  it('answers 404 for an unknown annotation and 403 for a viewer, storing nothing', async () => {
    const { annotate, del, snapshot, token } = await setup()
    const created = await annotate('claim', 'said the report')
    const before = await snapshot()
    expect((await del(`${annotationsPath}/nope`)).status).toBe(404)
    expect((await del(`${annotationsPath}/${created.id}`, token.viewer)).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})
