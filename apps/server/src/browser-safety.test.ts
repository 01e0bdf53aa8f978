/**
 * Specifications of the browser-facing safety of the HTTP app: the policy headers on every
 * answer, the refusal of cross-site writes, the CORS allowlist, and the Origin rule of upgrades.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { json, setup } from './app.testkit'
import {
  apiCors,
  browserSafeHeaders,
  isAllowedOrigin,
  parseOrigins,
  refuseCrossSiteWrites,
  upgradeOriginRefusal,
} from './browser-safety'

const host = 'warrant.test:8787'
const own = `http://${host}`
const evil = 'https://evil.example'
const annotations = '/api/documents/brief/annotations'
const body = JSON.stringify({ kind: 'claim', quote: { exact: 'Imports fell too.' } })

/** An app with only the browser-safety middleware in front of a route that records writes. */
function guarded(allowed: string[] = []) {
  const writes: string[] = []
  const app = new Hono()
  app.use('*', browserSafeHeaders())
  app.use('/api/*', apiCors(allowed))
  app.use('*', refuseCrossSiteWrites(allowed))
  app.post('/api/write', async (c) => {
    writes.push(await c.req.text())
    return c.json({ ok: true }, 201)
  })
  const post = (headers: Record<string, string>, payload: BodyInit | null = 'x=1') =>
    app.request(`http://${host}/api/write`, { method: 'POST', headers, body: payload })
  return { app, writes, post }
}

describe('the policy headers', () => {
  it('puts the strict CSP and the secure headers on API JSON, errors and the web shell', async () => {
    const { request } = await setup()
    const answers = [
      await request('/api/health', {}, null),
      await request('/api/documents'),
      await request('/api/nothing-here'),
      await request('/api/documents', {}, null),
      await request('/d/brief', {}, null),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 401, 503])
    for (const answer of answers) {
      const csp = answer.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("style-src 'self'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("base-uri 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("form-action 'self'")
      expect(csp).toContain("img-src 'self' data:")
      expect(csp).not.toContain('unsafe')
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
      expect(answer.headers.get('x-frame-options')).toBe('DENY')
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('lets the page connect to its own server by websocket, and nowhere else', async () => {
    const { app } = guarded()
    const answer = await app.request(`http://${host}/api/write`, { method: 'GET' })
    const connect = /connect-src ([^;]*)/.exec(answer.headers.get('content-security-policy')!)
    expect(connect?.[1]).toBe(`'self' ws://${host} wss://${host}`)
  })

  it('reflects no malformed Host into the policy', async () => {
    const { app } = guarded()
    const answer = await app.request('http://x/api/write', {
      headers: { host: "a; script-src 'unsafe-inline'" },
    })
    const csp = answer.headers.get('content-security-policy')!
    expect(csp).not.toContain('unsafe-inline')
    expect(/connect-src ([^;]*)/.exec(csp)?.[1]?.trim()).toBe("'self'")
  })
})

describe('cross-site writes', () => {
  const formTypes = [
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain',
    'TEXT/PLAIN;charset=utf-8',
  ]

  it.each(formTypes)('refuses a %s post from a foreign origin with 403', async (type) => {
    const { post, writes } = guarded()
    const answer = await post({
      origin: evil,
      'content-type': type,
      'sec-fetch-site': 'cross-site',
    })
    expect(answer.status).toBe(403)
    expect(await json<{ code: string }>(answer)).toMatchObject({ code: 'cross-site' })
    expect(writes).toEqual([])
  })

  it('refuses a foreign post with no Content-Type at all (GHSA-2234-fmw7-43wr)', async () => {
    const { app, writes } = guarded()
    const request = new Request(`http://${host}/api/write`, {
      method: 'POST',
      headers: { origin: evil },
      body: new Uint8Array([120, 61, 49]),
    })
    expect(request.headers.get('content-type')).toBeNull()
    expect((await app.request(request)).status).toBe(403)
    expect(writes).toEqual([])
  })

  it('refuses a foreign JSON write, which only a failed preflight would otherwise stop', async () => {
    const { post, writes } = guarded()
    const answer = await post({ origin: evil, 'content-type': 'application/json' }, '{}')
    expect(answer.status).toBe(403)
    expect(writes).toEqual([])
  })

  it('refuses a browser write without an Origin unless it says same-origin', async () => {
    const { post, writes } = guarded()
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await post({ origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await post({ origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(201)
    expect(writes).toHaveLength(1)
  })

  it('lets writes from the own origin, a listed origin and Origin-less clients through', async () => {
    const listed = 'https://notes.example'
    const { post, writes } = guarded([listed])
    expect((await post({ origin: own, 'sec-fetch-site': 'same-origin' })).status).toBe(201)
    expect((await post({ origin: `https://${host}` })).status).toBe(201)
    expect((await post({ origin: listed, 'content-type': 'text/plain' })).status).toBe(201)
    // curl -d sends a form type and no Origin; the bearer token is its credential.
    expect((await post({ 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(201)
    expect((await post({}, null)).status).toBe(201)
    expect(writes).toHaveLength(5)
  })

  it('stores nothing from a cross-site form post that carries the owner token', async () => {
    const { app, owner, snapshot } = await setup()
    const before = await snapshot()
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', null]) {
      const headers = new Headers({ origin: evil })
      if (type) headers.set('content-type', type)
      const answer = await app.request(`${annotations}?token=${owner}`, {
        method: 'POST',
        headers,
        body: type ? body : new TextEncoder().encode(body),
      })
      expect(answer.status).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('still takes a bearer client’s JSON post without an Origin', async () => {
    const { request } = await setup()
    const answer = await request(annotations, { method: 'POST', body })
    expect(answer.status).toBe(201)
  })
})

describe('CORS', () => {
  const preflight = (app: Hono, origin: string) =>
    app.request(`http://${host}/api/write`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })

  it('answers a listed origin’s preflight with that origin and the allowed headers', async () => {
    const { app } = guarded(['https://notes.example'])
    const answer = await preflight(app, 'https://notes.example')
    expect(answer.status).toBe(204)
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://notes.example')
    expect(answer.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type')
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull()
    expect(answer.headers.get('vary')).toContain('Origin')
  })

  it('gives a foreign origin no Access-Control-Allow-Origin, and never *', async () => {
    const { app } = guarded(['https://notes.example'])
    for (const origin of [evil, 'null', '*']) {
      const answer = await preflight(app, origin)
      expect(answer.headers.get('access-control-allow-origin')).toBeNull()
    }
    const plain = await app.request(`http://${host}/api/write`, { headers: { origin: evil } })
    expect(plain.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('the allowed origins', () => {
  it('reads WARRANT_ORIGINS as a list of normalised origins', () => {
    expect(parseOrigins(undefined)).toEqual([])
    expect(parseOrigins(' https://A.example , http://b.example:8080/ ,')).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ])
  })

  it.each(['evil.example', 'https://a.example/path', 'ftp://a.example', '*', 'null'])(
    'refuses "%s" as an origin',
    (entry) => {
      expect(() => parseOrigins(entry)).toThrow(/WARRANT_ORIGINS/)
    },
  )

  it('allows the server’s own origin in both schemes and the listed ones', () => {
    expect(isAllowedOrigin(own, host, [])).toBe(true)
    expect(isAllowedOrigin(`https://${host}`, host, [])).toBe(true)
    expect(isAllowedOrigin('http://warrant.test:9999', host, [])).toBe(false)
    expect(isAllowedOrigin(evil, host, [evil])).toBe(true)
    expect(isAllowedOrigin('null', host, [])).toBe(false)
    expect(isAllowedOrigin(own, undefined, [])).toBe(false)
  })

  it('refuses an upgrade from a foreign Origin and lets one without an Origin through', () => {
    expect(upgradeOriginRefusal({ host, origin: evil }, [])).toMatch(/not allowed/)
    expect(upgradeOriginRefusal({ host, origin: 'null' }, [])).toMatch(/not allowed/)
    expect(upgradeOriginRefusal({ host, origin: own }, [])).toBeNull()
    expect(upgradeOriginRefusal({ host, origin: evil }, [evil])).toBeNull()
    expect(upgradeOriginRefusal({ host }, [])).toBeNull()
  })
})
