import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { json, setup } from '../app.testkit'
import { readConfig } from '../config'
import { type RunningServer, startServer } from '../server'

interface ShareBody {
  id: string
  role: string
  label: string
  document: string | null
  expires: string | null
  created: string
}

interface CreatedBody {
  share: ShareBody
  token: string
  path: string
}

interface ShareErrorBody {
  error: string
  code: string
  field?: string
}

const sharesPath = '/api/documents/brief/shares'

async function created(response: Response): Promise<CreatedBody> {
  if (response.status !== 201) throw new Error(`${response.status}: ${await response.text()}`)
  return json<CreatedBody>(response)
}

async function listed(response: Response): Promise<ShareBody[]> {
  expect(response.status).toBe(200)
  return (await json<{ shares: ShareBody[] }>(response)).shares
}

describe('POST /api/documents/:id/shares', () => {
  it('creates a link whose token works with its role, for that document only', async () => {
    const { post, put, request } = await setup()
    const { share, token, path } = await created(
      await post(sharesPath, { role: 'annotator', label: 'Ada' }),
    )
    expect(share).toEqual({
      id: expect.stringMatching(/^[\w-]{12}$/),
      role: 'annotator',
      label: 'Ada',
      document: 'brief',
      expires: null,
      created: expect.any(String),
    })
    expect(path).toBe(`/d/brief?token=${token}`)
    expect(await json(await request('/api/me', {}, token))).toMatchObject({
      role: 'annotator',
      name: 'Ada',
      document: 'brief',
    })
    const annotation = { kind: 'claim', quote: { exact: 'said the report' } }
    expect((await post('/api/documents/brief/annotations', annotation, token)).status).toBe(201)
    expect(
      (await put('/api/documents/brief/settings', { citationStyle: 'mla' }, token)).status,
    ).toBe(403)
    expect((await request('/api/documents/other', {}, token)).status).toBe(404)
  })

  it('keeps an expiry, and the token stops working once it has passed', async () => {
    const { post, request, tokens } = await setup()
    const dated = await created(
      await post(sharesPath, { role: 'viewer', label: 'Bo', expires: '2999-12-31' }),
    )
    expect(dated.share.expires).toBe('2999-12-31T23:59:59.999Z')
    expect(await tokens.verify(dated.token, new Date('3000-01-01T00:00:00Z'))).toBeNull()
    const expired = await tokens.issue({
      role: 'viewer',
      label: 'Old',
      document: 'brief',
      expires: '2020-01-01T00:00:00.000Z',
    })
    expect((await request('/api/documents/brief', {}, expired.token)).status).toBe(401)
    const shares = await listed(await request(sharesPath))
    expect(shares.find((s) => s.label === 'Old')?.expires).toBe('2020-01-01T00:00:00.000Z')
  })

  it.each([
    ['an unknown role', { role: 'admin', label: 'Ada' }, 'role'],
    ['an empty label', { role: 'viewer', label: '  ' }, 'label'],
    ['a missing label', { role: 'viewer' }, 'label'],
    ['an expiry that is not a date', { role: 'viewer', label: 'Bo', expires: 'soon' }, 'expires'],
    ['an expiry in the past', { role: 'viewer', label: 'Bo', expires: '2020-01-01' }, 'expires'],
    ['a field it does not know', { role: 'viewer', label: 'Bo', document: 'other' }, 'document'],
  ])('refuses %s with 422 naming the field, and creates nothing', async (_, body, field) => {
    const { post, request } = await setup()
    const before = await listed(await request(sharesPath))
    const response = await post(sharesPath, body)
    expect(response.status).toBe(422)
    const answer = await json<ShareErrorBody>(response)
    expect(answer).toMatchObject({ code: 'invalid', field })
    expect(answer.error).toContain(field)
    expect(await listed(await request(sharesPath))).toEqual(before)
  })

  it('refuses a body that is not JSON with 400', async () => {
    const { request } = await setup()
    const response = await request(sharesPath, { method: 'POST', body: 'role=viewer' })
    expect(response.status).toBe(400)
    expect(await json<ShareErrorBody>(response)).toMatchObject({ code: 'invalid-request' })
  })
})

describe('GET /api/documents/:id/shares', () => {
  it("lists the document's own links and the all-document ones, never a secret or the command line's token", async () => {
    const { post, request, tokens } = await setup()
    const own = await created(await post(sharesPath, { role: 'viewer', label: 'Bo' }))
    await created(await post('/api/documents/other/shares', { role: 'viewer', label: 'Cy' }))
    const commandLine = await tokens.create({
      role: 'owner',
      label: 'command line',
      document: null,
      commandLine: true,
    })
    const response = await request(sharesPath)
    const text = await response.clone().text()
    const shares = await listed(response)
    expect(shares.map((s) => [s.label, s.role, s.document])).toEqual([
      ['owner', 'owner', null],
      ['Eda', 'editor', null],
      ['Ada', 'annotator', null],
      ['Otto', 'annotator', null],
      ['Vi', 'viewer', null],
      ['Bo', 'viewer', 'brief'],
    ])
    expect(shares.at(-1)).toEqual(own.share)
    expect(text).not.toContain(own.token)
    expect(text).not.toContain(commandLine)
    expect(text).not.toContain('command line')
  })
})

describe('who may share', () => {
  it('answers 403 to tokens that may open the document but are not owners', async () => {
    const { post, request, del, token } = await setup()
    const { share } = await created(await post(sharesPath, { role: 'viewer', label: 'Bo' }))
    for (const as of [token.editor, token.annotator, token.viewer]) {
      expect((await request(sharesPath, {}, as)).status).toBe(403)
      expect((await post(sharesPath, { role: 'owner', label: 'Me' }, as)).status).toBe(403)
      expect((await del(`${sharesPath}/${share.id}`, as)).status).toBe(403)
    }
    const refused = await request(sharesPath, {}, token.editor)
    expect(await json<ShareErrorBody>(refused)).toMatchObject({
      error: "this needs the owner role; the token is an editor's",
      code: 'forbidden',
    })
  })

  it('answers 404 for a document the token may not open, or that does not exist', async () => {
    const { post, request, tokens } = await setup()
    const otherOwner = await tokens.create({ role: 'owner', label: 'Olga', document: 'other' })
    expect((await request(sharesPath, {}, otherOwner)).status).toBe(404)
    expect((await post(sharesPath, { role: 'owner', label: 'Me' }, otherOwner)).status).toBe(404)
    const unknown = await request('/api/documents/nope/shares')
    expect(unknown.status).toBe(404)
    expect(await json<ShareErrorBody>(unknown)).toMatchObject({
      error: 'no document "nope"',
      code: 'not-found',
    })
  })

  it('lets an owner of one document share it, but not list or revoke links to every document', async () => {
    const { post, request, del, tokens } = await setup()
    const briefOwner = await tokens.create({ role: 'owner', label: 'Bea', document: 'brief' })
    const { share } = await created(
      await post(sharesPath, { role: 'editor', label: 'Ed' }, briefOwner),
    )
    expect(share.document).toBe('brief')
    const everyDocument = (await listed(await request(sharesPath, {}, briefOwner))).find(
      (s) => s.document === null,
    )!
    expect((await del(`${sharesPath}/${everyDocument.id}`, briefOwner)).status).toBe(403)
    expect((await request('/api/shares', {}, briefOwner)).status).toBe(403)
    expect((await post('/api/shares', { role: 'viewer', label: 'X' }, briefOwner)).status).toBe(403)
    expect((await del(`${sharesPath}/${share.id}`, briefOwner)).status).toBe(204)
  })
})

describe('DELETE /api/documents/:id/shares/:shareId', () => {
  it('revokes a link: its token is refused at once and it is no longer listed', async () => {
    const { post, request, del } = await setup()
    const { share, token } = await created(await post(sharesPath, { role: 'editor', label: 'Ed' }))
    expect((await request('/api/documents/brief', {}, token)).status).toBe(200)
    const response = await del(`${sharesPath}/${share.id}`)
    expect(response.status).toBe(204)
    expect((await request('/api/documents/brief', {}, token)).status).toBe(401)
    expect((await listed(await request(sharesPath))).map((s) => s.id)).not.toContain(share.id)
    expect((await del(`${sharesPath}/${share.id}`)).status).toBe(404)
  })

  it('answers 404 for a link of another document, and leaves it working', async () => {
    const { post, request, del } = await setup()
    const other = await created(
      await post('/api/documents/other/shares', { role: 'viewer', label: 'Cy' }),
    )
    const response = await del(`${sharesPath}/${other.share.id}`)
    expect(response.status).toBe(404)
    expect(await json<ShareErrorBody>(response)).toMatchObject({ code: 'not-found' })
    expect((await request('/api/documents/other', {}, other.token)).status).toBe(200)
  })
})

describe('/api/shares: links to every document', () => {
  it('creates, lists and revokes a link to every document', async () => {
    const { post, request, del } = await setup()
    const { share, token, path } = await created(
      await post('/api/shares', { role: 'viewer', label: 'Everyone', expires: null }),
    )
    expect(share.document).toBeNull()
    expect(path).toBe(`/?token=${token}`)
    expect((await request('/api/documents/other', {}, token)).status).toBe(200)
    const all = await listed(await request('/api/shares'))
    expect(all.map((s) => s.id)).toContain(share.id)
    expect((await del(`/api/shares/${share.id}`)).status).toBe(204)
    expect((await request('/api/documents/other', {}, token)).status).toBe(401)
    expect((await del(`/api/shares/${share.id}`)).status).toBe(404)
  })
})

describe('revoking a link with open websockets', () => {
  let server: RunningServer | undefined
  const sockets: WebSocket[] = []

  afterAll(async () => {
    for (const ws of sockets) ws.terminate()
    await server?.close()
  })

  /** Opens a raw sync socket and resolves once it is open, with its close event to come. */
  async function open(room: string, token: string) {
    const ws = new WebSocket(`${server!.url.replace('http', 'ws')}/sync/${room}?token=${token}`)
    sockets.push(ws)
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return { ws, closed }
  }

  it('closes every socket opened with it at once with 4401, and no other', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warrant-data-'))
    const documentsDir = mkdtempSync(join(tmpdir(), 'warrant-docs-'))
    writeFileSync(join(documentsDir, 'brief.md'), '# Brief\n\nSome text.\n')
    server = await startServer({ ...readConfig({}), port: 0, dataDir, documentsDir })
    const owner = server.ownerToken!
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${server!.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      })
    const { share, token } = await created(
      await call(sharesPath, {
        method: 'POST',
        body: JSON.stringify({ role: 'editor', label: 'Ed' }),
      }),
    )
    const content = await open('brief.content', token)
    const annotations = await open('brief.annotations', token)
    const bystander = await open('brief.content', owner)
    let bystanderClosed = false
    void bystander.closed.then(() => {
      bystanderClosed = true
    })

    expect((await call(`${sharesPath}/${share.id}`, { method: 'DELETE' })).status).toBe(204)
    expect(await content.closed).toEqual({ code: 4401, reason: 'share revoked' })
    expect(await annotations.closed).toEqual({ code: 4401, reason: 'share revoked' })
    expect(bystanderClosed).toBe(false)
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN)

    const again = new WebSocket(
      `${server.url.replace('http', 'ws')}/sync/brief.content?token=${token}`,
    )
    sockets.push(again)
    const status = await new Promise<number>((resolve, reject) => {
      again.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0)
        again.terminate()
      })
      again.once('open', () => resolve(101))
      again.once('error', reject)
    })
    expect(status).toBe(401)
  })
})
