import type { Codebook } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import { type AnnotationBody, type ErrorAnswer, json, setup } from '../app.testkit'

const codebookPath = '/api/documents/brief/codebook'

/** The codebook of the brief with `change` applied to the kind `key`. */
async function changed(
  request: Awaited<ReturnType<typeof setup>>['request'],
  key: string,
  change: Record<string, unknown>,
): Promise<Codebook> {
  const { kinds } = await json<Codebook>(await request(codebookPath))
  return { kinds: kinds.map((kind) => (kind.key === key ? { ...kind, ...change } : kind)) }
}

describe('GET /api/documents/:id/codebook', () => {
  it("answers the briefs' codebook until someone edits it, to every role", async () => {
    const { request, token } = await setup()
    const response = await request(codebookPath, {}, token.viewer)
    expect(response.status).toBe(200)
    const { kinds } = await json<Codebook>(response)
    expect(kinds.map((k) => `${k.shortcut} ${k.key}`)).toEqual([
      '1 claim',
      '2 evidence',
      '3 prediction',
      '4 statistic',
      '5 source',
      '6 actor',
      '7 recommendation',
    ])
    expect((await request('/api/documents/nope/codebook')).status).toBe(404)
  })
})

describe('PUT /api/documents/:id/codebook', () => {
  it('renames and recolours a kind for an editor, and the document shows the new codebook', async () => {
    const { put, request, token } = await setup()
    const book = await changed(request, 'claim', { label: 'Assertion', colour: '#FFEE00' })
    const response = await put(codebookPath, book, token.editor)
    expect(response.status).toBe(200)
    const written = await json<Codebook>(response)
    expect(written.kinds[0]).toMatchObject({ key: 'claim', label: 'Assertion', colour: '#ffee00' })
    const document = await json<{ codebook: Codebook }>(await request('/api/documents/brief'))
    expect(document.codebook).toEqual(written)
    expect(await json<Codebook>(await request(codebookPath))).toEqual(written)
  })

  it('adds a custom kind whose declared fields validate its attributes', async () => {
    const { post, put, request } = await setup()
    const book = await changed(request, 'claim', {})
    book.kinds.push({
      key: 'risk',
      label: 'Risk',
      description: 'A danger the brief names.',
      colour: '#cccccc',
      shortcut: '8',
      fields: [{ key: 'level', label: 'Level', type: 'choice', choices: ['low', 'high'] }],
    })
    expect((await put(codebookPath, book)).status).toBe(200)
    const path = '/api/documents/brief/annotations'
    const risk = await post(path, {
      kind: 'risk',
      quote: { exact: 'Exports' },
      attributes: { level: 'high' },
    })
    expect(risk.status).toBe(201)
    expect(await json<AnnotationBody>(risk)).toMatchObject({
      kind: 'risk',
      attributes: { level: 'high' },
    })
    const invalid = await post(path, {
      kind: 'risk',
      quote: { exact: 'said the report' },
      attributes: { level: 'dire' },
    })
    expect(invalid.status).toBe(422)
    expect((await json<ErrorAnswer>(invalid)).field).toBe('attributes.level')
  })

  it('keeps the annotations of a retired kind listed while refusing new ones', async () => {
    const { annotate, post, put, request } = await setup()
    const actor = await annotate('actor', 'Exports')
    expect(
      (await put(codebookPath, await changed(request, 'actor', { retired: true }))).status,
    ).toBe(200)
    const listing = await json<{ annotations: AnnotationBody[] }>(
      await request('/api/documents/brief/annotations'),
    )
    expect(listing.annotations.map((a) => a.id)).toEqual([actor.id])
    const refused = await post('/api/documents/brief/annotations', {
      kind: 'actor',
      quote: { exact: 'said the report' },
    })
    expect(refused.status).toBe(422)
  })

  it('refuses to remove a kind with 422 saying to retire it instead, storing nothing', async () => {
    const { put, request, snapshot } = await setup()
    const { kinds } = await json<Codebook>(await request(codebookPath))
    const before = await snapshot()
    const response = await put(codebookPath, { kinds: kinds.filter((k) => k.key !== 'source') })
    expect(response.status).toBe(422)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: 'kind "source" cannot be removed: retire it instead',
      field: 'kinds',
    })
    expect(await snapshot()).toEqual(before)
  })

  it.each([
    ['a colour that is not #rrggbb', 'claim', { colour: 'yellow' }, 'kinds.0.colour'],
    ['an empty label', 'evidence', { label: ' ' }, 'kinds.1.label'],
    ['a shortcut another kind has', 'prediction', { shortcut: '1' }, 'kinds.2.shortcut'],
  ])('refuses %s with 422 naming the field, storing nothing', async (_, key, change, field) => {
    const { put, request, snapshot } = await setup()
    const book = await changed(request, key, change)
    const before = await snapshot()
    const response = await put(codebookPath, book)
    expect(response.status).toBe(422)
    const answer = await json<ErrorAnswer>(response)
    expect(answer.field).toBe(field)
    expect(answer.error).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `))
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a body without a list of kinds with 422 naming the field', async () => {
    const { put } = await setup()
    const response = await put(codebookPath, { kinds: 'claim' })
    expect(response.status).toBe(422)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: '"kinds": the list of kinds',
      field: 'kinds',
    })
  })

  it('refuses an annotator and a viewer with 403, storing nothing', async () => {
    const { put, request, snapshot, token } = await setup()
    const book = await changed(request, 'claim', { label: 'Assertion' })
    const before = await snapshot()
    const refused = await put(codebookPath, book, token.annotator)
    expect(refused.status).toBe(403)
    expect(await json<ErrorAnswer>(refused)).toMatchObject({
      error: "this needs the editor role; the token is an annotator's",
    })
    expect((await put(codebookPath, book, token.viewer)).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})
