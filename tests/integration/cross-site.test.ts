/**
 * The real server against pages of other sites: a websocket upgrade from a foreign Origin is
 * refused before it opens, cross-site form posts carrying the owner's token store nothing,
 * CORS answers only the allowed origins, and every answer carries the CSP and secure headers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
const exact = 'The biggest reason cited by experts is improved relations with China.'
const evil = 'https://evil.example'
const listed = 'https://notes.example'

let server: TestServer
let webDist: string

beforeAll(async () => {
  // A stand-in for the built web app: the headers are the server's, whatever the files hold.
  webDist = await mkdtemp(join(tmpdir(), 'warrant-cross-site-web-'))
  await mkdir(join(webDist, 'assets'))
  await writeFile(join(webDist, 'index.html'), '<!doctype html><div id="app"></div>\n')
  await writeFile(join(webDist, 'assets', 'app.js'), 'export {}\n')
  server = await startServer({
    env: { WARRANT_WEB_DIST: webDist, WARRANT_ORIGINS: `${listed}, http://tools.example:8080` },
  })
})

afterAll(async () => {
  await server?.stop()
  if (webDist) await rm(webDist, { recursive: true, force: true })
})

/** How a websocket upgrade with `origin` (none when undefined) is answered: 101 or the status. */
function upgrade(origin: string | undefined, token: string | null = server.token) {
  const query = token ? `?token=${token}` : ''
  const ws = new WebSocket(`${server.syncUrl}/${docId}.annotations${query}`, { origin })
  return new Promise<{ status: number; body: string; opened: boolean }>((resolve, reject) => {
    ws.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      response.on('end', () => {
        ws.terminate()
        resolve({ status: response.statusCode ?? 0, body, opened: false })
      })
    })
    ws.once('open', () => {
      ws.close()
      resolve({ status: 101, body: '', opened: true })
    })
    ws.once('error', (error) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(error)
    })
  })
}

/** The number of annotations the document holds, read as the owner. */
async function annotationCount(): Promise<number> {
  const response = await server.api(`/api/documents/${docId}/annotations`)
  const body = (await response.json()) as { annotations: unknown[] }
  return body.annotations.length
}

/**
 * What a page on another site can make a browser post to the annotation route: the owner
 * token in the address (a leaked share link), and a body a form can carry (a text/plain form
 * whose one field spells JSON, which the API would read as JSON).
 */
function formPost(headers: Record<string, string>, body: BodyInit = formJson) {
  return fetch(`${server.url}/api/documents/${docId}/annotations?token=${server.token}`, {
    method: 'POST',
    headers,
    body,
  })
}
const formJson = JSON.stringify({ kind: 'claim', quote: { exact } })

describe('websocket upgrades and their Origin', () => {
  it('refuses an upgrade from a foreign Origin with 403, before the token is looked at', async () => {
    const withToken = await upgrade(evil)
    expect(withToken).toMatchObject({ status: 403, opened: false })
    expect(JSON.parse(withToken.body)).toMatchObject({
      code: 'cross-site',
      error: expect.stringContaining(evil),
    })
    expect(await upgrade(evil, null)).toMatchObject({ status: 403, opened: false })
    expect(await upgrade('null')).toMatchObject({ status: 403, opened: false })
  })

  it('opens an upgrade from its own origin, a listed origin and a client without Origin', async () => {
    expect(await upgrade(server.url)).toMatchObject({ status: 101, opened: true })
    expect(await upgrade(listed)).toMatchObject({ status: 101, opened: true })
    expect(await upgrade(undefined)).toMatchObject({ status: 101, opened: true })
    // The token rule still holds for an allowed origin.
    expect(await upgrade(server.url, null)).toMatchObject({ status: 401, opened: false })
  })
})

describe('cross-site form posts', () => {
  const forms: Array<[string, Record<string, string>, () => BodyInit]> = [
    ['a urlencoded form', { 'Content-Type': 'application/x-www-form-urlencoded' }, () => formJson],
    ['a multipart form', {}, () => multipart()],
    ['a text/plain form', { 'Content-Type': 'text/plain' }, () => formJson],
    ['a post with no Content-Type', {}, () => new TextEncoder().encode(formJson)],
  ]

  it.each(forms)(
    'refuses %s from a foreign origin with 403 and stores nothing',
    async (_name, headers, body) => {
      const before = await annotationCount()
      const response = await formPost(
        { ...headers, Origin: evil, 'Sec-Fetch-Site': 'cross-site' },
        body(),
      )
      expect(response.status).toBe(403)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
      expect(await response.json()).toMatchObject({ code: 'cross-site' })
      expect(await annotationCount()).toBe(before)
    },
  )

  it('takes the same text/plain post from its own origin', async () => {
    const before = await annotationCount()
    const response = await formPost({
      'Content-Type': 'text/plain',
      Origin: server.url,
      'Sec-Fetch-Site': 'same-origin',
    })
    expect(response.status).toBe(201)
    expect(await annotationCount()).toBe(before + 1)
    await server.api(
      `/api/documents/${docId}/annotations/${((await response.json()) as { id: string }).id}`,
      {
        method: 'DELETE',
      },
    )
  })

  it('takes a bearer client’s JSON post that has no Origin, as curl and the CLI send it', async () => {
    const before = await annotationCount()
    const response = await server.api(`/api/documents/${docId}/annotations`, {
      method: 'POST',
      body: formJson,
    })
    expect(response.status).toBe(201)
    expect(await annotationCount()).toBe(before + 1)
  })
})

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/api/documents/${docId}/annotations`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })

  it('answers a listed origin’s preflight with that origin, the methods and the headers', async () => {
    for (const origin of [listed, 'http://tools.example:8080']) {
      const response = await preflight(origin)
      expect(response.status).toBe(204)
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
      expect(response.headers.get('access-control-allow-methods')).toContain('POST')
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'Authorization,Content-Type',
      )
      expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    }
  })

  it('gives a foreign origin no Access-Control-Allow-Origin, and nobody a *', async () => {
    expect((await preflight(evil)).headers.get('access-control-allow-origin')).toBeNull()
    const read = await server.api(`/api/documents/${docId}`, { headers: { Origin: evil } })
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
    const listedRead = await server.api(`/api/documents/${docId}`, { headers: { Origin: listed } })
    expect(listedRead.headers.get('access-control-allow-origin')).toBe(listed)
    for (const response of [read, listedRead, await preflight(listed)]) {
      expect(response.headers.get('access-control-allow-origin')).not.toBe('*')
    }
  })
})

describe('the policy on every answer', () => {
  it('puts the CSP and the secure headers on the shell, an asset, API JSON and a 404', async () => {
    const answers = {
      shell: await fetch(`${server.url}/d/${docId}`),
      root: await fetch(`${server.url}/`),
      asset: await fetch(`${server.url}/assets/app.js`),
      health: await fetch(`${server.url}/api/health`),
      json: await server.api(`/api/documents/${docId}`),
      unauthorised: await fetch(`${server.url}/api/documents`),
      missingApi: await server.api('/api/no-such-route'),
      missingFile: await fetch(`${server.url}/no-such-file.png`),
    }
    const statuses = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]))
    expect(statuses).toEqual({
      shell: 200,
      root: 200,
      asset: 200,
      health: 200,
      json: 200,
      unauthorised: 401,
      missingApi: 404,
      missingFile: 404,
    })
    const host = new URL(server.url).host
    for (const [name, response] of Object.entries(answers)) {
      const csp = response.headers.get('content-security-policy')
      expect(csp, name).toBe(
        [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          `connect-src 'self' ws://${host} wss://${host}`,
          "img-src 'self' data:",
          "object-src 'none'",
          "base-uri 'none'",
          "frame-ancestors 'none'",
          "form-action 'self'",
        ].join('; '),
      )
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff')
      expect(response.headers.get('x-frame-options'), name).toBe('DENY')
      expect(response.headers.get('referrer-policy'), name).toBe('no-referrer')
      expect(response.headers.get('cross-origin-opener-policy'), name).toBe('same-origin')
      expect(response.headers.get('cross-origin-resource-policy'), name).toBe('same-origin')
      expect(response.headers.get('x-powered-by'), name).toBeNull()
    }
    console.log('headers of the API JSON answer:', Object.fromEntries(answers.json.headers))
  })
})

/** A multipart form whose one field holds the JSON body. */
function multipart(): FormData {
  const form = new FormData()
  form.set('payload', formJson)
  return form
}
