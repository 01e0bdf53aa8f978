import { listAnnotations } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import { setup } from './app.testkit'
import { roomName } from './rooms'

describe('the HTTP API', () => {
  it('answers health without a token and everything else under /api only with one', async () => {
    const { request } = await setup()
    expect((await request('/api/health', {}, null)).status).toBe(200)
    const refused = await request('/api/documents', {}, null)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({
      error: expect.stringMatching(/token is required/),
    })
    expect((await request('/api/documents', {}, 'wrong')).status).toBe(401)
    expect((await request('//api//documents', {}, null)).status).toBe(401)
  })

  it('accepts the token as ?token= too and tells who it belongs to', async () => {
    const { app, owner } = await setup()
    const response = await app.request(`/api/me?token=${owner}`)
    expect(await response.json()).toMatchObject({ role: 'owner', name: 'owner', document: null })
  })

  it('lists the imported documents with their records and versions', async () => {
    const { request } = await setup()
    const { documents } = (await (await request('/api/documents')).json()) as {
      documents: Array<{ id: string; title: string; version: string; record: { id: string } }>
    }
    expect(documents.map((d) => [d.id, d.title, d.record.id])).toEqual([
      ['brief', 'A short brief', 'brief'],
      ['other', 'Other', 'other'],
    ])
    expect(documents[0]!.version).toMatch(/^v[0-9a-f]{16}$/)
  })

  it('serves a document with its text, blocks, record, codebook and rooms; 404 when unknown', async () => {
    const { request } = await setup()
    const body = (await (await request('/api/documents/brief')).json()) as Record<string, unknown>
    expect(body.text).toBe(
      'A short brief\nExports fell by 86.3 percent. Imports fell too.\nImports fell too, said the report.',
    )
    expect(body.record).toMatchObject({ id: 'brief', type: 'report', author: [{ family: 'Choi' }] })
    expect((body.codebook as { kinds: unknown[] }).kinds).toHaveLength(7)
    expect(body.sync).toEqual({
      path: '/sync',
      content: 'brief.content',
      annotations: 'brief.annotations',
    })
    expect((await request('/api/documents/nope')).status).toBe(404)
  })

  it('hides documents a scoped token may not open', async () => {
    const { request, tokens } = await setup()
    const scoped = await tokens.create({ role: 'viewer', label: 'Bo', document: 'brief' })
    expect((await request('/api/documents/other', {}, scoped)).status).toBe(404)
    const { documents } = (await (await request('/api/documents', {}, scoped)).json()) as {
      documents: Array<{ id: string }>
    }
    expect(documents.map((d) => d.id)).toEqual(['brief'])
  })

  it('creates an annotation from a quote, credited to the token, stored in the room', async () => {
    const { post, request, tokens, library } = await setup()
    const ada = await tokens.create({ role: 'annotator', label: 'Ada', document: null })
    const response = await post(
      '/api/documents/brief/annotations',
      { kind: 'statistic', quote: { exact: 'fell by 86.3 percent' }, note: 'big' },
      ada,
    )
    expect(response.status).toBe(201)
    const created = (await response.json()) as Record<string, unknown>
    expect(created).toMatchObject({
      kind: 'statistic',
      creator: 'Ada',
      note: 'big',
      anchor: { exact: 'fell by 86.3 percent', position: { start: 22, end: 42 } },
      resolved: { health: 'anchored', span: { start: 22, end: 42 }, text: 'fell by 86.3 percent' },
    })
    const stored = await library.withRooms('brief', (_c, annotations) =>
      listAnnotations(annotations.doc),
    )
    expect(stored.map((a) => a.id)).toEqual([created.id])
    const listed = (await (await request('/api/documents/brief/annotations')).json()) as {
      annotations: Array<{ id: string }>
    }
    expect(listed.annotations.map((a) => a.id)).toEqual([created.id])
  })

  it('creates an annotation from a text position', async () => {
    const { post } = await setup()
    const response = await post('/api/documents/brief/annotations', {
      kind: 'claim',
      position: { start: 14, end: 21 },
    })
    expect(response.status).toBe(201)
    expect(((await response.json()) as { anchor: { exact: string } }).anchor.exact).toBe('Exports')
  })

  it('answers 422 for an absent quote, an ambiguous one and an unknown kind', async () => {
    const { post } = await setup()
    const absent = await post('/api/documents/brief/annotations', {
      kind: 'claim',
      quote: { exact: 'Exports rose' },
    })
    expect(absent.status).toBe(422)
    expect(((await absent.json()) as { error: string }).error).toMatch(/absent/)
    const ambiguous = await post('/api/documents/brief/annotations', {
      kind: 'claim',
      quote: { exact: 'Imports fell too' },
    })
    expect(ambiguous.status).toBe(422)
    expect(((await ambiguous.json()) as { error: string }).error).toMatch(
      /ambiguous: it occurs 2 times/,
    )
    const narrowed = await post('/api/documents/brief/annotations', {
      kind: 'claim',
      quote: { exact: 'Imports fell too', suffix: ', said' },
    })
    expect(narrowed.status).toBe(201)
    const unknownKind = await post('/api/documents/brief/annotations', {
      kind: 'rumour',
      quote: { exact: 'Exports' },
    })
    expect(unknownKind.status).toBe(422)
    expect(((await unknownKind.json()) as { error: string }).error).toMatch(/unknown kind/)
  })

  it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
    const { request, post } = await setup()
    const malformed = await request('/api/documents/brief/annotations', {
      method: 'POST',
      body: '{"kind": ',
    })
    expect(malformed.status).toBe(400)
    const large = await post('/api/documents/brief/annotations', {
      kind: 'claim',
      quote: { exact: 'x'.repeat(5000) },
    })
    expect(large.status).toBe(413)
  })

  it('refuses writes to a viewer with 403', async () => {
    const { post, tokens } = await setup()
    const viewer = await tokens.create({ role: 'viewer', label: 'Vi', document: null })
    const response = await post(
      '/api/documents/brief/annotations',
      { kind: 'claim', quote: { exact: 'Exports' } },
      viewer,
    )
    expect(response.status).toBe(403)
  })

  it('links two annotations, and names the missing end of a relation', async () => {
    const { post } = await setup()
    const claim = (await (
      await post('/api/documents/brief/annotations', { kind: 'claim', quote: { exact: 'Exports' } })
    ).json()) as { id: string }
    const missing = await post('/api/documents/brief/relations', {
      type: 'supports',
      from: claim.id,
      to: 'gone',
    })
    expect(missing.status).toBe(422)
    expect(((await missing.json()) as { error: string }).error).toMatch(/"to" end .*"gone"/)
    const evidence = (await (
      await post('/api/documents/brief/annotations', {
        kind: 'evidence',
        quote: { exact: 'said the report' },
      })
    ).json()) as { id: string }
    const linked = await post('/api/documents/brief/relations', {
      type: 'supports',
      from: evidence.id,
      to: claim.id,
    })
    expect(linked.status).toBe(201)
  })

  it('exports claims as an attachment and refuses an unknown format with 400', async () => {
    const { request } = await setup()
    const response = await request('/api/documents/brief/export?format=claims')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="brief.claims.json"',
    )
    expect((await request('/api/documents/brief/export?format=nope')).status).toBe(400)
  })

  it('frees rooms after an HTTP request, with the write in storage', async () => {
    const { post, rooms, storage } = await setup()
    await post('/api/documents/brief/annotations', { kind: 'claim', quote: { exact: 'Exports' } })
    expect(rooms.size).toBe(0)
    // Freeing a room compacts it: the write now lives in the snapshot.
    expect(storage.logLength(roomName('brief', 'annotations'))).toBe(0)
  })

  it('says plainly when the web app has not been built, without asking for a token', async () => {
    const { request } = await setup()
    const response = await request('/d/brief', {}, null)
    expect(response.status).toBe(503)
    expect(await response.text()).toMatch(/not been built/)
    expect((await request('/api/nothing-here')).status).toBe(404)
  })
})
