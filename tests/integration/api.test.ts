/**
 * The HTTP API of the real server process: the brief as served, annotation creation from
 * quotes (and its refusals), relations, the claims export and the token check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${server.token}`)
  return fetch(`${server.url}${path}`, { ...init, headers })
}

function post(path: string, body: unknown): Promise<Response> {
  return api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
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
