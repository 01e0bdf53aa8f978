/**
 * Oversized and excessive input against the real server with low limits: frames (1009), HTTP
 * bodies with and without Content-Length (413, nothing stored, the import route likewise), write
 * budgets per token (429 over HTTP, a paused socket that loses nothing), and the connection and
 * document caps on the upgrade (429).
 */

import { mkdtempSync, writeFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type * as Y from 'yjs'
import { connectClient, type SyncClient, until } from '../support/clients'
import { startServer, type TestServer } from '../support/server'

const text = 'Exports fell by 86.3 percent year-on-year. Imports from China rose again.'
const limits = {
  WARRANT_MAX_FRAME_BYTES: String(1024 * 1024),
  WARRANT_MAX_BODY_BYTES: String(64 * 1024),
  WARRANT_MAX_IMPORT_BYTES: String(256 * 1024),
  WARRANT_RATE_BURST: '10',
  WARRANT_RATE_PER_SECOND: '5',
  WARRANT_MAX_CONNECTIONS: '4',
  WARRANT_MAX_DOCUMENTS: '2',
}

let server: TestServer
const clients: SyncClient[] = []
const sockets: WebSocket[] = []
/** One all-document editor link per test that needs its own budget. */
const links = ['frames', 'burst', 'bystander', 'throttled', 'connections', 'documents'] as const
const tokens = {} as Record<(typeof links)[number], string>

beforeAll(async () => {
  const documents = mkdtempSync(join(tmpdir(), 'warrant-limits-docs-'))
  // alpha and beta hold the same text, so an export of one imports into the other.
  for (const id of ['alpha', 'beta', 'gamma']) {
    writeFileSync(join(documents, `${id}.md`), `# Brief\n\n${text}\n`)
  }
  server = await startServer({ env: { WARRANT_DOCUMENTS: documents, ...limits } })
  for (const name of links) {
    const created = await server.api('/api/shares', {
      method: 'POST',
      body: JSON.stringify({ role: 'editor', label: name }),
    })
    expect(created.status).toBe(201)
    tokens[name] = ((await created.json()) as { token: string }).token
  }
})

afterEach(() => {
  for (const client of clients.splice(0)) client.close()
  for (const ws of sockets.splice(0)) ws.terminate()
})

afterAll(async () => {
  await server?.stop()
})

function roomUrl(room: string, token: string): string {
  return `${server.syncUrl}/${room}?token=${token}`
}

/** Opens a websocket: the open socket (kept for cleanup), or the status and Retry-After it was refused with. */
function upgrade(
  url: string,
): Promise<{ ws: WebSocket } | { status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] })
      ws.terminate()
    })
    ws.once('open', () => {
      sockets.push(ws)
      resolve({ ws })
    })
    ws.once('error', reject)
  })
}

/** Tries an upgrade until it is accepted (a closed socket's place is freed once the server sees it close). */
async function upgradeOnceFreed(url: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const result = await upgrade(url)
    if ('ws' in result) return attempt
    if (attempt >= 100) throw new Error(`still refused with ${result.status}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function connect(room: string, token: string): Promise<SyncClient> {
  const client = await connectClient({ syncUrl: server.syncUrl, token }, room)
  clients.push(client)
  return client
}

async function annotationCount(documentId: string): Promise<number> {
  const response = await server.api(`/api/documents/${documentId}/annotations`)
  return ((await response.json()) as { annotations: unknown[] }).annotations.length
}

/**
 * POSTs `body` as the owner, streamed in chunks with no Content-Length; the status answered.
 * A raw socket, because the server may answer and close while the body is still being written,
 * and an HTTP client then reports the broken pipe instead of the answer it had received.
 */
function postChunked(path: string, body: Buffer): Promise<number> {
  const { hostname, port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket = createConnection(Number(port), hostname)
    let received = ''
    socket.on('data', (data) => {
      received += data.toString('latin1')
    })
    // Writing after the server closed fails; what it answered before is what counts.
    socket.on('error', () => {})
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]
      if (status) resolve(Number(status))
      else reject(new Error(`no HTTP answer: ${JSON.stringify(received.slice(0, 200))}`))
    })
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
        `Authorization: Bearer ${server.token}\r\nContent-Type: application/json\r\n` +
        'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
    )
    let offset = 0
    const write = (): void => {
      while (offset < body.length && !socket.destroyed) {
        const chunk = body.subarray(offset, offset + 16 * 1024)
        offset += chunk.length
        const framed = Buffer.concat([
          Buffer.from(`${chunk.length.toString(16)}\r\n`),
          chunk,
          Buffer.from('\r\n'),
        ])
        if (!socket.write(framed)) {
          socket.once('drain', write)
          return
        }
      }
      if (!socket.destroyed) socket.write('0\r\n\r\n')
    }
    write()
  })
}

function postWithLength(path: string, body: string): Promise<Response> {
  return server.api(path, { method: 'POST', body })
}

/** `json` followed by spaces up to `size` bytes: still the same valid JSON. */
function padded(json: string, size: number): string {
  return json + ' '.repeat(size - Buffer.byteLength(json))
}

function contentOf(doc: Y.Doc): string {
  return doc.getText('limits').toString()
}

describe('oversized websocket frames', () => {
  it('closes a socket that sends a frame over the limit with 1009, and keeps serving', async () => {
    const opened = await upgrade(roomUrl('alpha.annotations', tokens.frames))
    if (!('ws' in opened)) throw new Error(`refused with ${opened.status}`)
    const closed = new Promise<number>((resolve) =>
      opened.ws.once('close', (code) => resolve(code)),
    )
    const started = performance.now()
    opened.ws.send(Buffer.alloc(2 * 1024 * 1024))
    const code = await closed
    const elapsed = performance.now() - started
    console.log(
      `a 2 MiB frame over a 1 MiB limit was closed with ${code} after ${elapsed.toFixed(0)} ms`,
    )
    expect(code).toBe(1009)
    // Far below ws's 30 s close timeout: the server closed it at once.
    expect(elapsed).toBeLessThan(15_000)
    const after = await connect('alpha.annotations', tokens.frames)
    expect(after.provider.synced).toBe(true)
  })

  it('applies and relays a large real update just under the limit (tried in a worker first)', async () => {
    const writer = await connect('gamma.content', tokens.frames)
    const reader = await connect('gamma.content', tokens.frames)
    const large = 'a claim worth keeping. '.repeat(30_000)
    writer.doc.getText('limits').insert(0, large)
    const seen = await until(reader.doc, () =>
      contentOf(reader.doc).length === large.length ? contentOf(reader.doc) : undefined,
    )
    expect(seen).toBe(large)
  })
})

describe('oversized HTTP bodies', () => {
  const annotations = '/api/documents/alpha/annotations'
  const annotation = JSON.stringify({
    kind: 'statistic',
    quote: { exact: 'Exports fell by 86.3 percent' },
  })

  it('refuses a body over the limit with 413, with or without Content-Length, and stores nothing', async () => {
    const before = await annotationCount('alpha')
    const oversized = padded(annotation, 64 * 1024 + 1)
    const withLength = await postWithLength(annotations, oversized)
    expect(withLength.status).toBe(413)
    expect(await withLength.json()).toMatchObject({ code: 'too-large' })
    expect(await postChunked(annotations, Buffer.from(padded(annotation, 200 * 1024)))).toBe(413)
    expect(await postChunked(annotations, Buffer.from(oversized))).toBe(413)
    expect(await annotationCount('alpha')).toBe(before)
    // The same annotation in a body under the limit is stored, chunked or not.
    expect(await postChunked(annotations, Buffer.from(padded(annotation, 60 * 1024)))).toBe(201)
    expect(await annotationCount('alpha')).toBe(before + 1)
  })

  it('refuses an export file over the import limit with 413, with or without Content-Length, and imports nothing', async () => {
    if ((await annotationCount('alpha')) === 0) {
      expect((await postWithLength(annotations, annotation)).status).toBe(201)
    }
    const exported = await (await server.api('/api/documents/alpha/export?format=claims')).text()
    const importPath = '/api/documents/beta/import'
    const before = await annotationCount('beta')
    const oversized = padded(exported, 256 * 1024 + 1)
    expect((await postWithLength(importPath, oversized)).status).toBe(413)
    expect(await postChunked(importPath, Buffer.from(oversized))).toBe(413)
    expect(await postChunked(importPath, Buffer.from(padded(exported, 1024 * 1024)))).toBe(413)
    expect(await annotationCount('beta')).toBe(before)
    // Over the general body limit but under the import limit: imported.
    expect(await postChunked(importPath, Buffer.from(padded(exported, 200 * 1024)))).toBe(201)
    expect(await annotationCount('beta')).toBeGreaterThan(before)
  })
})

describe('write budgets per token', () => {
  it('answers a burst of writes from one token with 429 and Retry-After, while another token writes on', async () => {
    const write = (token: string) =>
      fetch(`${server.url}/api/documents/gamma/annotations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'claim', quote: { exact: 'Imports from China rose again' } }),
      })
    const answers = await Promise.all(Array.from({ length: 30 }, () => write(tokens.burst)))
    const statuses = answers.map((answer) => answer.status)
    const refused = answers.filter((answer) => answer.status === 429)
    console.log(
      `30 writes at once: ${statuses.filter((s) => s !== 429).length} accepted, ${refused.length} refused`,
    )
    expect(refused.length).toBeGreaterThanOrEqual(15)
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await refused[0]!.json()).toMatchObject({ code: 'rate-limited' })
    expect(statuses.filter((status) => status !== 429).every((status) => status < 300)).toBe(true)
    expect((await write(tokens.bystander)).status).toBeLessThan(300)
  })

  it('slows down a socket that sends updates faster than its budget, and loses none of them', async () => {
    const writer = await connect('beta.content', tokens.throttled)
    const reader = await connect('beta.content', tokens.bystander)
    const edits = 25
    const started = performance.now()
    // Spaced out so that each arrives in a read of its own (a pause cannot recall frames the
    // server has already read).
    for (let i = 0; i < edits; i++) {
      writer.doc.getText('limits').insert(0, `<${i}>`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await until(reader.doc, () => {
      const seen = contentOf(reader.doc)
      return seen.includes('<0>') && seen.includes(`<${edits - 1}>`) ? true : undefined
    })
    const elapsed = performance.now() - started
    console.log(`${edits} updates over a budget of 10 and 5/s arrived in ${elapsed.toFixed(0)} ms`)
    expect(contentOf(reader.doc)).toBe(contentOf(writer.doc))
    // Unthrottled they arrive in about 0.3 s; the budget lets them through in about 3 s.
    expect(elapsed).toBeGreaterThan(2000)
  }, 30_000)
})

describe('connection and document caps per token', () => {
  it('refuses the upgrade beyond the connection cap with 429 and Retry-After, and admits one again once a socket closes', async () => {
    const rooms = ['alpha.content', 'alpha.annotations', 'beta.content', 'beta.annotations']
    const open: WebSocket[] = []
    for (const room of rooms) {
      const result = await upgrade(roomUrl(room, tokens.connections))
      if (!('ws' in result)) throw new Error(`refused with ${result.status}`)
      open.push(result.ws)
    }
    expect(await upgrade(roomUrl('alpha.content', tokens.connections))).toEqual({
      status: 429,
      retryAfter: '5',
    })
    expect('ws' in (await upgrade(roomUrl('alpha.content', tokens.bystander)))).toBe(true)
    open[3]!.close()
    const attempts = await upgradeOnceFreed(roomUrl('alpha.content', tokens.connections))
    console.log(`the freed place was taken on attempt ${attempts}`)
  })

  it('refuses a connection to a document beyond the document cap with 429, but not to a document already open', async () => {
    const first = await upgrade(roomUrl('alpha.content', tokens.documents))
    const second = await upgrade(roomUrl('beta.content', tokens.documents))
    if (!('ws' in first) || !('ws' in second)) throw new Error('refused below the cap')
    expect(await upgrade(roomUrl('gamma.content', tokens.documents))).toEqual({
      status: 429,
      retryAfter: '5',
    })
    expect('ws' in (await upgrade(roomUrl('alpha.annotations', tokens.documents)))).toBe(true)
    second.ws.close()
    await upgradeOnceFreed(roomUrl('gamma.content', tokens.documents))
  })
})
