import { describe, expect, it } from 'vitest'
import { type ErrorAnswer, json, setup } from '../app.testkit'

const importPath = '/api/documents/brief/import'

/** The brief with a claim, its evidence, a relation and a thread, exported as `format`. */
async function exported(format: string) {
  const fixture = await setup()
  const { annotate, post, request } = fixture
  const claim = await annotate('claim', 'Exports fell by 86.3 percent', {
    attributes: { status: 'supported' },
  })
  const evidence = await annotate('evidence', 'said the report')
  await post('/api/documents/brief/relations', {
    type: 'supports',
    from: evidence.id,
    to: claim.id,
  })
  await post(`/api/documents/brief/annotations/${claim.id}/comments`, { text: 'Which year?' })
  const response = await request(`/api/documents/brief/export?format=${format}`)
  return { ...fixture, body: await response.text() }
}

interface Report {
  annotations: number
  placed: Record<string, number>
  relations: number
  comments: number
  skipped: unknown[]
}

describe('POST /api/documents/:id/import', () => {
  it('imports a claims export into another copy of the brief with its relation and thread', async () => {
    const { body } = await exported('claims')
    const { request } = await setup()
    const response = await request(importPath, { method: 'POST', body })
    expect(response.status).toBe(201)
    expect(await json<Report>(response)).toMatchObject({
      annotations: 2,
      placed: { unchanged: 2, moved: 0, changed: 0, ambiguous: 0 },
      relations: 1,
      comments: 1,
      skipped: [],
    })
    const listed = await json<{ annotations: Array<{ kind: string; quote: string }> }>(
      await request('/api/documents/brief/annotations'),
    )
    expect(listed.annotations.map((a) => `${a.kind}: ${a.quote}`).sort()).toEqual([
      'claim: Exports fell by 86.3 percent',
      'evidence: said the report',
    ])
  })

  it('reads the w3c and jsonl exports the same way', async () => {
    for (const format of ['w3c', 'jsonl']) {
      const { body } = await exported(format)
      const { request } = await setup()
      const report = await json<Report>(await request(importPath, { method: 'POST', body }))
      expect(report).toMatchObject({ annotations: 2, relations: 1, comments: 1 })
    }
  })

  it('is refused to a viewer, and a document the token cannot open is not found', async () => {
    const { body } = await exported('claims')
    const { request, snapshot, tokens } = await setup()
    const before = await snapshot()
    expect((await request(importPath, { method: 'POST', body }, null)).status).toBe(401)
    const viewer = await tokens.create({ role: 'viewer', label: 'Vi', document: null })
    expect((await request(importPath, { method: 'POST', body }, viewer)).status).toBe(403)
    const elsewhere = await tokens.create({ role: 'annotator', label: 'Al', document: 'other' })
    expect((await request(importPath, { method: 'POST', body }, elsewhere)).status).toBe(404)
    expect(await snapshot()).toEqual(before)
  })

  it('answers a file it cannot read with 422 and the reason, storing nothing', async () => {
    const { request, snapshot } = await setup()
    const before = await snapshot()
    const bad = await request(importPath, { method: 'POST', body: '{"format":"warrant.claims/1"}' })
    expect(bad.status).toBe(422)
    expect((await json<ErrorAnswer>(bad)).error).toMatch(/document/)
    const notJson = await request(importPath, { method: 'POST', body: 'id,kind\n1,claim' })
    expect(notJson.status).toBe(422)
    expect(await snapshot()).toEqual(before)
  })
})

describe('export styles and the document setting', () => {
  it('cites in the style asked for, else in the document setting an editor chose', async () => {
    const { annotate, put, request, token } = await setup()
    await annotate('claim', 'Exports fell by 86.3 percent')
    const citation = async (query: string) => {
      const response = await request(`/api/documents/brief/export?format=claims${query}`)
      const body = await json<{ records: Array<{ citation: { style: string } }> }>(response)
      return body.records[0]?.citation.style
    }
    expect(await citation('')).toBe('apa')
    expect(await citation('&style=mla')).toBe('mla')
    expect(
      (await put('/api/documents/brief/settings', { citationStyle: 'mla' }, token.annotator))
        .status,
    ).toBe(403)
    const saved = await put(
      '/api/documents/brief/settings',
      { citationStyle: 'chicago-author-date' },
      token.editor,
    )
    expect(await json(saved)).toEqual({ settings: { citationStyle: 'chicago-author-date' } })
    expect(await citation('')).toBe('chicago-author-date')
    const view = await json<{ settings: unknown }>(await request('/api/documents/brief'))
    expect(view.settings).toEqual({ citationStyle: 'chicago-author-date' })
  })

  it('refuses an unknown style with 400 and the known ones', async () => {
    const { put, request } = await setup()
    const answer = await request('/api/documents/brief/export?format=csv&style=harvard')
    expect(answer.status).toBe(400)
    expect(await json(answer)).toMatchObject({
      code: 'unknown-style',
      known: ['apa', 'chicago-author-date', 'mla'],
    })
    expect((await put('/api/documents/brief/settings', { citationStyle: 'harvard' })).status).toBe(
      400,
    )
  })

  it('lists every format and style for the export menu', async () => {
    const { request, token } = await setup()
    const menu = await json<{ formats: Array<{ name: string }>; styles: Array<{ name: string }> }>(
      await request('/api/export-formats', {}, token.viewer),
    )
    expect(menu.formats.map((f) => f.name)).toEqual([
      'claims',
      'jsonl',
      'csv',
      'w3c',
      'csl',
      'csl-citations',
      'bibtex',
      'ris',
      'markdown',
      'aif',
    ])
    expect(menu.styles.map((s) => s.name)).toEqual(['apa', 'chicago-author-date', 'mla'])
  })
})
