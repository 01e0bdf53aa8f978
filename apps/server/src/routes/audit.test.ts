/**
 * The audit over HTTP: every successful write is recorded with the token's label, share and
 * channel, a refused one is not, share links are recorded without their secret, and only
 * owners read the log (403 for those who can see the document, 404 for those who cannot).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { json, setup } from '../app.testkit'
import type { AuditEntry, AuditPage } from '../audit'
import { Shares } from '../shares'

const briefPath = '/api/documents/brief'

/** The app fixture, with share links recorded in the audit log as the server records them. */
async function fixture() {
  const kit = await setup()
  const { library, tokens, rooms } = kit
  const app = createApp({
    library,
    tokens,
    meta: kit.stores.meta,
    rooms,
    shares: new Shares(tokens, rooms, library.audit),
    webDist: join(import.meta.dirname, 'no-dist'),
    maxBodyBytes: 4096,
    maxImportBytes: 1024 * 1024,
  })
  const request = (path: string, init: RequestInit = {}, as: string = kit.owner) => {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${as}`)
    return app.request(path, { ...init, headers })
  }
  const send = (method: string) => (path: string, body: unknown, as?: string) =>
    request(path, { method, body: JSON.stringify(body) }, as)
  /** The whole log of the brief, oldest first. */
  const log = async (): Promise<AuditEntry[]> => {
    const response = await request(`${briefPath}/audit?limit=500`)
    expect(response.status).toBe(200)
    return (await json<AuditPage>(response)).entries.reverse()
  }
  const shareOf = async (token: string) => (await tokens.verify(token))!.share
  return {
    ...kit,
    request,
    post: send('POST'),
    patch: send('PATCH'),
    put: send('PUT'),
    log,
    shareOf,
  }
}

describe('HTTP writes in the audit log', () => {
  it("records an annotation created over HTTP with the token's label, share and channel", async () => {
    const { post, token, log, shareOf } = await fixture()
    const response = await post(
      `${briefPath}/annotations`,
      { kind: 'claim', quote: { exact: 'Exports fell by 86.3 percent' } },
      token.annotator,
    )
    const created = await json<{ id: string }>(response)
    expect(await log()).toEqual([
      {
        id: expect.any(Number),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        document: 'brief',
        actor: 'Ada',
        share: await shareOf(token.annotator),
        channel: 'http',
        action: 'annotation.create',
        target: created.id,
        detail: {
          kind: 'claim',
          quote: 'Exports fell by 86.3 percent',
          position: { start: 14, end: 42 },
        },
      },
    ])
  })

  it('records edits by field, relations, threads, the codebook and settings, by who made them', async () => {
    const { annotate, post, patch, put, del, request, token, log } = await fixture()
    const claim = await annotate('claim', 'Exports fell by 86.3 percent')
    const evidence = await annotate('evidence', 'said the report')
    await patch(`${briefPath}/annotations/${claim.id}`, { note: 'checked' }, token.annotator)
    const relation = await json<{ id: string }>(
      await post(`${briefPath}/relations`, { type: 'supports', from: evidence.id, to: claim.id }),
    )
    await del(`${briefPath}/relations/${relation.id}`, token.other)
    const comments = `${briefPath}/annotations/${claim.id}/comments`
    const comment = await json<{ id: string }>(await post(comments, { text: 'Which year?' }))
    await patch(`${comments}/${comment.id}`, { text: 'Which year, please?' })
    await patch(`${comments}/${comment.id}`, { resolved: true }, token.editor)
    await patch(`${comments}/${comment.id}`, { resolved: false }, token.annotator)
    const codebook = await json<{ kinds: Array<{ key: string; label: string }> }>(
      await request(`${briefPath}/codebook`),
    )
    const kinds = codebook.kinds.map((k) => (k.key === 'actor' ? { ...k, label: 'Party' } : k))
    expect((await put(`${briefPath}/codebook`, { kinds }, token.editor)).status).toBe(200)
    await put(`${briefPath}/settings`, { citationStyle: 'mla' }, token.editor)
    await del(`${briefPath}/annotations/${claim.id}`, token.annotator)
    const entries = await log()
    expect(entries.map((e) => `${e.actor} ${e.action}`)).toEqual([
      'owner annotation.create',
      'owner annotation.create',
      'Ada annotation.update',
      'owner relation.create',
      'Otto relation.delete',
      'owner comment.create',
      'owner comment.update',
      'Eda comment.resolve',
      'Ada comment.reopen',
      'Eda codebook.update',
      'Eda settings.update',
      'Ada annotation.delete',
    ])
    const detail = (action: string) => entries.find((e) => e.action === action)!.detail
    expect(detail('annotation.update')).toMatchObject({ kind: 'claim', fields: ['note'] })
    expect(detail('relation.delete')).toEqual({ type: 'supports', from: evidence.id, to: claim.id })
    expect(detail('codebook.update')).toEqual({ kinds: ['actor'] })
    expect(detail('settings.update')).toEqual({ citationStyle: 'mla' })
    expect(detail('annotation.delete')).toMatchObject({ relations: [], comments: 1 })
  })

  it('records an import with the counts of its report', async () => {
    const { annotate, request, log } = await fixture()
    await annotate('claim', 'Exports fell by 86.3 percent')
    const body = await (await request(`${briefPath}/export?format=claims`)).text()
    const target = await fixture()
    const response = await target.request(`${briefPath}/import`, { method: 'POST', body })
    expect(response.status).toBe(201)
    expect((await target.log()).map((e) => [e.action, e.detail])).toEqual([
      [
        'import',
        {
          annotations: 1,
          placed: { unchanged: 1, moved: 0, changed: 0, ambiguous: 0 },
          relations: 0,
          comments: 0,
          skipped: 0,
        },
      ],
    ])
    expect(await log()).toHaveLength(1)
  })

  it('records nothing for a refused or invalid write', async () => {
    const { post, patch, token, annotate, log } = await fixture()
    const claim = await annotate('claim', 'Exports fell by 86.3 percent')
    const before = await log()
    const viewer = await post(
      `${briefPath}/annotations`,
      { kind: 'claim', quote: { exact: 'Imports fell too.' } },
      token.viewer,
    )
    expect(viewer.status).toBe(403)
    expect(
      (await post(`${briefPath}/annotations`, { kind: 'claim', quote: { exact: 'nowhere' } }))
        .status,
    ).toBe(422)
    expect((await patch(`${briefPath}/annotations/${claim.id}`, { kind: 'nonsense' })).status).toBe(
      422,
    )
    expect(await log()).toEqual(before)
  })

  it("records the command line's own token as the command line", async () => {
    const { post, tokens, log } = await fixture()
    const cli = await tokens.create({
      role: 'owner',
      label: 'command line',
      document: null,
      commandLine: true,
    })
    await post(
      `${briefPath}/annotations`,
      { kind: 'claim', quote: { exact: 'said the report' } },
      cli,
    )
    expect((await log()).map((e) => [e.actor, e.channel])).toEqual([['command line', 'cli']])
  })
})

describe('share links in the audit log', () => {
  it('records share links created and revoked with what they grant, never their token', async () => {
    const { post, request, token, log, shareOf } = await fixture()
    const created = await json<{ share: { id: string }; token: string }>(
      await post(`${briefPath}/shares`, { role: 'annotator', label: 'Ada', expires: '2099-01-01' }),
    )
    const everywhere = await json<{ share: { id: string }; token: string }>(
      await post('/api/shares', { role: 'viewer', label: 'Readers' }),
    )
    expect(
      (await request(`${briefPath}/shares/${created.share.id}`, { method: 'DELETE' })).status,
    ).toBe(204)
    const detail = {
      role: 'annotator',
      label: 'Ada',
      document: 'brief',
      expires: '2099-01-01T23:59:59.999Z',
    }
    expect(await log()).toMatchObject([
      {
        actor: 'owner',
        share: await shareOf(token.owner),
        action: 'share.create',
        target: created.share.id,
        detail,
      },
      { actor: 'owner', action: 'share.revoke', target: created.share.id, detail },
    ])
    const all = await json<AuditPage>(await request('/api/audit'))
    expect(all.entries.map((e) => `${e.action} ${e.target}`)).toEqual([
      `share.revoke ${created.share.id}`,
      `share.create ${everywhere.share.id}`,
      `share.create ${created.share.id}`,
    ])
    const stored = JSON.stringify(all)
    expect(stored).not.toContain(created.token)
    expect(stored).not.toContain(everywhere.token)
  })
})

describe('GET /api/documents/:id/audit', () => {
  it('pages newest first, with the cursor of the next page', async () => {
    const { annotate, request } = await fixture()
    for (const exact of ['Exports fell', '86.3 percent', 'said the report'])
      await annotate('claim', exact)
    const first = await json<AuditPage>(await request(`${briefPath}/audit?limit=2`))
    expect(first.entries.map((e) => e.detail?.quote)).toEqual(['said the report', '86.3 percent'])
    expect(first.next).toEqual(expect.any(Number))
    const rest = await json<AuditPage>(
      await request(`${briefPath}/audit?limit=2&before=${first.next}`),
    )
    expect(rest).toMatchObject({ entries: [{ detail: { quote: 'Exports fell' } }], next: null })
  })

  it('refuses those who can see the document with 403, and hides it from others with 404', async () => {
    const { request, tokens, token } = await fixture()
    const ownerOfOther = await tokens.create({ role: 'owner', label: 'Olga', document: 'other' })
    const ownerOfBrief = await tokens.create({ role: 'owner', label: 'Oona', document: 'brief' })
    for (const as of [token.editor, token.annotator, token.viewer]) {
      const refused = await request(`${briefPath}/audit`, {}, as)
      expect(refused.status).toBe(403)
      expect(await json<{ error: string }>(refused)).toMatchObject({
        error: expect.stringContaining('owner'),
      })
    }
    expect((await request(`${briefPath}/audit`, {}, ownerOfOther)).status).toBe(404)
    expect((await request('/api/documents/nope/audit')).status).toBe(404)
    expect((await request(`${briefPath}/audit`, {}, ownerOfBrief)).status).toBe(200)
  })

  it('answers 400 naming the parameter for a bad limit, cursor or time', async () => {
    const { request } = await fixture()
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['before=-1', 'before'],
      ['since=yesterday', 'since'],
    ]) {
      const response = await request(`${briefPath}/audit?${query}`)
      expect(response.status).toBe(400)
      expect(await json<{ field: string }>(response)).toMatchObject({ field })
    }
  })
})

describe('GET /api/audit', () => {
  it('is for owners of every document only', async () => {
    const { request, tokens, token } = await fixture()
    const ownerOfBrief = await tokens.create({ role: 'owner', label: 'Oona', document: 'brief' })
    expect((await request('/api/audit', {}, ownerOfBrief)).status).toBe(403)
    expect((await request('/api/audit', {}, token.editor)).status).toBe(403)
    expect((await request('/api/audit')).status).toBe(200)
  })
})
