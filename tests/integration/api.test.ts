/**
 * The HTTP API of the real server process: the brief as served, annotation creation from
 * quotes (and its refusals), a full round of edits, threads, relations and deletion, the
 * codebook reaching a stock y-websocket client live, the claims export and the token check.
 */
import { readCodebook } from '@warrant/annotations'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, until } from '../support/clients'
import { startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
let server: TestServer

beforeAll(async () => {
  server = await startServer()
})

afterAll(async () => {
  await server?.stop()
})

function api(path: string, init: RequestInit = {}): Promise<Response> {
  return server.api(path, init)
}

function send(method: string, path: string, body: unknown): Promise<Response> {
  return api(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

function post(path: string, body: unknown): Promise<Response> {
  return send('POST', path, body)
}

/** The JSON body of a response that must have `status`. */
async function answer<T>(response: Response, status: number): Promise<T> {
  const body = (await response.json()) as T
  expect({ status: response.status, body }).toMatchObject({ status })
  return body
}

interface DocumentBody {
  id: string
  title: string
  text: string
  version: string
  blocks: Array<{ start: number; end: number; paragraph: number | null }>
  record: { author: Array<{ family: string; given: string }>; type: string }
  sync: { path: string; content: string; annotations: string }
}

describe('GET /api/documents/:id of the brief', () => {
  let body: DocumentBody

  beforeAll(async () => {
    const response = await api(`/api/documents/${docId}`)
    expect(response.status).toBe(200)
    body = (await response.json()) as DocumentBody
  })

  it('has the four paragraphs a page break split, each whole in one paragraph', () => {
    const paragraphs = body.blocks.map((b) => body.text.slice(b.start, b.end))
    for (const joined of [
      'by directly restricting North Korea',
      'declared the end of the pandemic in August 2022',
      'I believe this is because China and North Korea',
      'Russian President Putin is expected to visit North Korea',
    ]) {
      expect(paragraphs.filter((p) => p.includes(joined))).toHaveLength(1)
    }
    for (const remnant of ['restricting', 'the pandemic', 'this is because', 'is expected to']) {
      expect(paragraphs.some((p) => p.startsWith(remnant))).toBe(false)
    }
  })

  it('has no site address and no stray link', () => {
    expect(body.text).not.toMatch(/kiep\.go\.kr|https?:|\]\(/)
  })

  it('has the CSL record with author Choi, a version id and its sync rooms', () => {
    expect(body.record.author[0]).toEqual({ family: 'Choi', given: 'Jangho' })
    expect(body.record.type).toBe('report')
    expect(body.version).toMatch(/^v[0-9a-f]{16}$/)
    expect(body.sync).toEqual({
      path: '/sync',
      content: `${docId}.content`,
      annotations: `${docId}.annotations`,
    })
  })
})

describe('POST /api/documents/:id/annotations', () => {
  it('refuses a quote that is absent with 422 saying so', async () => {
    const response = await post(`/api/documents/${docId}/annotations`, {
      kind: 'claim',
      quote: { exact: 'exports rose by 86.3 percent' },
    })
    expect(response.status).toBe(422)
    expect(((await response.json()) as { error: string }).error).toMatch(/absent/)
  })

  it('refuses an ambiguous quote with 422 saying how often it occurs', async () => {
    const response = await post(`/api/documents/${docId}/annotations`, {
      kind: 'claim',
      quote: { exact: 'the UN sanctions' },
    })
    expect(response.status).toBe(422)
    const { error } = (await response.json()) as { error: string }
    expect(error).toMatch(/ambiguous/)
    expect(error).toMatch(/occurs \d+ times/)
  })

  it('creates an annotation from a quote narrowed by a prefix, and a relation to it', async () => {
    const claim = await post(`/api/documents/${docId}/annotations`, {
      kind: 'claim',
      quote: {
        exact: 'The decline in North Korean trade is an effect of the UN sanctions.',
      },
      attributes: { claimType: 'causal' },
    })
    expect(claim.status).toBe(201)
    const evidence = await post(`/api/documents/${docId}/annotations`, {
      kind: 'evidence',
      quote: { prefix: 'North Korean ', exact: 'exports fell by 86.3 percent year-on-year' },
    })
    expect(evidence.status).toBe(201)
    const claimBody = (await claim.json()) as { id: string; resolved: { health: string } }
    const evidenceBody = (await evidence.json()) as { id: string }
    expect(claimBody.resolved.health).toBe('anchored')
    const relation = await post(`/api/documents/${docId}/relations`, {
      type: 'supports',
      from: evidenceBody.id,
      to: claimBody.id,
    })
    expect(relation.status).toBe(201)
    expect(await relation.json()).toMatchObject({ type: 'supports', creator: 'owner' })
  })

  it('refuses a relation to a missing annotation with 422 naming that end', async () => {
    const response = await post(`/api/documents/${docId}/relations`, {
      type: 'supports',
      from: 'no-such-annotation',
      to: 'another-missing-one',
    })
    expect(response.status).toBe(422)
    expect(((await response.json()) as { error: string }).error).toMatch(
      /"from".*no-such-annotation/,
    )
  })

  it('refuses a request without a token with 401', async () => {
    const response = await fetch(`${server.url}/api/documents/${docId}/annotations`)
    expect(response.status).toBe(401)
    expect(await response.json()).toHaveProperty('error')
  })
})

describe('GET /api/documents/:id/export?format=claims', () => {
  it('downloads the claim records as an attachment', async () => {
    const response = await api(`/api/documents/${docId}/export?format=claims`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+"$/)
    const body = (await response.json()) as { document: { id: string } }
    expect(body.document.id).toBe(docId)
  })
})

describe('a full round of the annotation API', () => {
  const annotations = `/api/documents/${docId}/annotations`
  type Made = { id: string }
  type Ids = Array<{ id: string }>
  const listing = async () =>
    answer<{ annotations: Ids; relations: Ids; comments: Ids }>(await api(annotations), 200)

  it('creates, edits, discusses, links and deletes, the relation and thread going along', async () => {
    const claim = await answer<Made>(
      await post(annotations, {
        kind: 'claim',
        quote: { exact: 'UN sanctions have had a statistically significant adverse impact' },
      }),
      201,
    )
    const evidence = await answer<Made>(
      await post(annotations, {
        kind: 'evidence',
        quote: { exact: 'North Korean imports fell by 31.2 percent' },
      }),
      201,
    )
    const patched = await answer<Made>(
      await send('PATCH', `${annotations}/${claim.id}`, { attributes: { status: 'supported' } }),
      200,
    )
    expect(patched).toMatchObject({ attributes: { status: 'supported' }, modifiedBy: 'owner' })

    const thread = `${annotations}/${claim.id}/comments`
    const first = await answer<Made>(await post(thread, { text: 'Which studies?' }), 201)
    const reply = await post(thread, { text: 'See the footnotes.', parent: first.id })
    expect(await answer(reply, 201)).toMatchObject({ parent: first.id })
    const resolved = await send('PATCH', `${thread}/${first.id}`, { resolved: true })
    expect(await answer<Made>(resolved, 200)).toMatchObject({
      resolved: true,
      resolvedBy: 'owner',
    })
    const reopened = await send('PATCH', `${thread}/${first.id}`, { resolved: false })
    expect(await answer<Made>(reopened, 200)).toMatchObject({ resolved: false, resolvedBy: null })

    const relation = await answer<Made>(
      await post(`/api/documents/${docId}/relations`, {
        type: 'supports',
        from: evidence.id,
        to: claim.id,
        note: 'the trade figures',
      }),
      201,
    )
    expect((await listing()).relations.map((r) => r.id)).toContain(relation.id)

    const deleted = await answer<unknown>(
      await api(`${annotations}/${claim.id}`, { method: 'DELETE' }),
      200,
    )
    expect(deleted).toEqual({
      deleted: claim.id,
      relations: [{ id: relation.id, type: 'supports', from: evidence.id, to: claim.id }],
      comments: 2,
    })
    const after = await listing()
    expect(after.annotations.map((a) => a.id)).not.toContain(claim.id)
    expect(after.annotations.map((a) => a.id)).toContain(evidence.id)
    expect(after.relations.map((r) => r.id)).not.toContain(relation.id)
    expect(after.comments.map((c) => c.id)).not.toContain(first.id)
    expect((await api(`${annotations}/${claim.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('refuses a bad attribute, a relation of the wrong kind and an empty quote, storing nothing', async () => {
    const prediction = await answer<Made>(
      await post(annotations, {
        kind: 'prediction',
        quote: { exact: 'North Korea could host up to three summits in 2024 alone' },
      }),
      201,
    )
    const actor = await answer<Made>(
      await post(annotations, { kind: 'actor', quote: { exact: 'Vladimir Putin' } }),
      201,
    )
    const before = await listing()
    const source = await post(annotations, {
      kind: 'source',
      quote: { exact: 'UNSCR 2321 (30 November 2016)' },
      attributes: { item: { title: 'no type' } },
    })
    expect(await answer(source, 422)).toMatchObject({ field: 'attributes.item.type' })
    const empty = await post(annotations, { kind: 'claim', quote: { exact: '' } })
    expect(await answer(empty, 422)).toMatchObject({ field: 'quote.exact' })
    const wrongKind = await post(`/api/documents/${docId}/relations`, {
      type: 'about',
      from: actor.id,
      to: prediction.id,
    })
    expect(await answer<{ error: string }>(wrongKind, 422)).toMatchObject({
      error: expect.stringMatching(/points to a[n]? actor, not to a prediction/),
      field: 'to',
    })
    expect(await listing()).toEqual(before)
  })

  it('renames a kind of the codebook, and a stock client on the content room sees it live', async () => {
    const client = await connectClient(server, `${docId}.content`)
    try {
      expect(readCodebook(client.doc).kinds[0]?.label).toBe('Claim')
      const book = await answer<{ kinds: Array<{ key: string }> }>(
        await api(`/api/documents/${docId}/codebook`),
        200,
      )
      const renamed = book.kinds.map((k) => (k.key === 'claim' ? { ...k, label: 'Assertion' } : k))
      await answer(await send('PUT', `/api/documents/${docId}/codebook`, { kinds: renamed }), 200)
      // Resolves only once the rename has arrived over the websocket.
      await until(
        client.doc,
        () => readCodebook(client.doc).kinds[0]?.label === 'Assertion' || undefined,
      )
      const document = await answer<{ codebook: { kinds: Array<{ label: string }> } }>(
        await api(`/api/documents/${docId}`),
        200,
      )
      expect(document.codebook.kinds[0]?.label).toBe('Assertion')
    } finally {
      client.close()
    }
  })
})
