import { EventEmitter } from 'node:events'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import type { AppEnv } from './auth'
import {
  holdSocket,
  rateLimitWrites,
  releaseSocket,
  TokenBuckets,
  throttleSocket,
} from './rate-limit'
import type { TokenAccess } from './tokens'

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('token buckets', () => {
  it('allows a burst, then refuses with the time until the next write, then refills', () => {
    const clock = manualClock()
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2 }, clock.now)
    expect([1, 2, 3].map(() => buckets.take('a'))).toEqual([0, 0, 0])
    expect(buckets.take('a')).toBe(500)
    expect(buckets.take('b')).toBe(0)
    clock.advance(500)
    expect(buckets.take('a')).toBe(0)
    expect(buckets.take('a')).toBe(500)
    clock.advance(60_000)
    expect([1, 2, 3, 4].map(() => buckets.take('a'))).toEqual([0, 0, 0, 500])
  })

  it('runs into debt on charge and says how long until it is paid off', () => {
    const clock = manualClock()
    const buckets = new TokenBuckets({ burst: 2, perSecond: 4 }, clock.now)
    expect(buckets.charge('a', 1)).toBe(0)
    expect(buckets.charge('a', 3)).toBe(500)
    clock.advance(250)
    expect(buckets.charge('a', 0)).toBe(250)
    clock.advance(250)
    expect(buckets.charge('a', 0)).toBe(0)
  })

  it('never limits when the rate is 0', () => {
    const buckets = new TokenBuckets({ burst: 0, perSecond: 0 })
    for (let i = 0; i < 1000; i++) expect(buckets.take('a')).toBe(0)
  })
})

function appWith(buckets: TokenBuckets) {
  const app = new Hono<AppEnv>()
  let handled = 0
  app.use('*', async (c, next) => {
    const share = c.req.header('x-share')
    if (share) c.set('access', { share } as TokenAccess)
    return next()
  })
  app.use('*', rateLimitWrites(buckets))
  app.all('*', (c) => {
    handled += 1
    return c.json({ ok: true })
  })
  return { app, handled: () => handled }
}

describe('the write limit over HTTP', () => {
  it('answers writes beyond the budget with 429 and Retry-After, per token, and never runs the handler', async () => {
    const { app, handled } = appWith(new TokenBuckets({ burst: 2, perSecond: 1 }))
    const post = (share: string) =>
      app.request('/api/documents/brief/annotations', {
        method: 'POST',
        headers: { 'x-share': share },
      })
    expect((await post('a')).status).toBe(200)
    expect((await post('a')).status).toBe(200)
    const refused = await post('a')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect(await refused.json()).toMatchObject({ code: 'rate-limited' })
    expect(handled()).toBe(2)
    expect((await post('b')).status).toBe(200)
  })

  it('leaves reads and paths outside /api alone', async () => {
    const { app } = appWith(new TokenBuckets({ burst: 1, perSecond: 1 }))
    const headers = { 'x-share': 'a' }
    for (let i = 0; i < 5; i++) {
      expect((await app.request('/api/documents', { headers })).status).toBe(200)
      expect((await app.request('/elsewhere', { method: 'POST', headers })).status).toBe(200)
    }
  })
})

/** A stand-in websocket that records pause and resume. */
class FakeSocket extends EventEmitter {
  paused = 0
  resumed = 0
  pause() {
    this.paused += 1
  }
  resume() {
    this.resumed += 1
  }
}

describe('the websocket throttle', () => {
  it('pauses a socket whose token runs out of budget and resumes it once the bucket refills', async () => {
    const socket = new FakeSocket()
    const ws = socket as unknown as WebSocket
    throttleSocket(ws, new TokenBuckets({ burst: 2, perSecond: 50 }), 'a')
    const update = Buffer.from([0, 2, 1, 0])
    for (let i = 0; i < 4; i++) socket.emit('message', update, true)
    expect(socket.paused).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(socket.resumed).toBe(1)
  })

  it('charges a large update by its size', () => {
    const socket = new FakeSocket()
    throttleSocket(
      socket as unknown as WebSocket,
      new TokenBuckets({ burst: 10, perSecond: 1 }),
      'a',
    )
    const large = Buffer.alloc(1024 * 1024)
    large.set([0, 2])
    socket.emit('message', large, true)
    expect(socket.paused).toBe(1)
    socket.emit('close')
  })

  it('charges a message the CPU it took, not the time the server was kept waiting', () => {
    const socket = new FakeSocket()
    // Handling that waits 100 ms without using the CPU, as a server descheduled by a busy
    // machine does: charged by the clock, it would be 20 writes and pause the socket.
    socket.on('message', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100))
    throttleSocket(
      socket as unknown as WebSocket,
      new TokenBuckets({ burst: 2, perSecond: 1 }),
      'a',
    )
    socket.emit('message', Buffer.from([1, 1, 0]), true)
    expect(socket.paused).toBe(0)
    socket.emit('close')
  })

  it('does not charge awareness frames as writes', () => {
    const socket = new FakeSocket()
    throttleSocket(
      socket as unknown as WebSocket,
      new TokenBuckets({ burst: 1, perSecond: 1 }),
      'a',
    )
    for (let i = 0; i < 50; i++) socket.emit('message', Buffer.from([1, 1, 0]), true)
    expect(socket.paused).toBe(0)
    socket.emit('close')
  })

  it('keeps a socket paused until every hold on it is released', () => {
    const socket = new FakeSocket()
    const ws = socket as unknown as WebSocket
    holdSocket(ws)
    holdSocket(ws)
    releaseSocket(ws)
    expect(socket.resumed).toBe(0)
    releaseSocket(ws)
    expect([socket.paused, socket.resumed]).toEqual([1, 1])
  })
})
