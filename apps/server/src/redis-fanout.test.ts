import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FanoutMessage } from './fanout'
import { RedisFanout, type RedisFanoutOptions } from './redis-fanout'
import { OwnRedisServer, redisAvailable } from './redis-server.testkit'

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

const available = await redisAvailable(url, 'the Redis fan-out tests (redis-fanout.test.ts)')

/** Polls until `check` holds, failing after a generous deadline (never a fixed sleep). */
async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** What a followed room heard. */
function listener() {
  const heard = { messages: [] as FanoutMessage[], gaps: 0 }
  const handlers = {
    message: (message: FanoutMessage) => heard.messages.push(message),
    gap: () => {
      heard.gaps++
    },
  }
  return { heard, handlers, texts: () => heard.messages.map((m) => Buffer.from(m.data).toString()) }
}

const text = (value: string) => new Uint8Array(Buffer.from(value))

describe.skipIf(!available)('RedisFanout', () => {
  let admin: Redis
  const opened: RedisFanout[] = []
  let prefix = ''

  /** Opens an instance with this test's own key prefix, closed after the test. */
  async function open(options: Partial<RedisFanoutOptions> = {}): Promise<RedisFanout> {
    const fanout = await RedisFanout.open({ url, prefix, ...options })
    opened.push(fanout)
    return fanout
  }

  beforeAll(() => {
    admin = new Redis(url)
  })
  beforeEach(() => {
    prefix = `fanout-test:${randomBytes(6).toString('hex')}:`
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((fanout) => fanout.close()))
    const keys = await admin.keys(`${prefix}*`)
    if (keys.length > 0) await admin.del(...keys)
    vi.restoreAllMocks()
  })
  afterAll(() => admin.quit())

  it('delivers another instance’s updates in order, never its own', async () => {
    const [a, b] = [await open(), await open()]
    const closed = listener()
    b.follow('brief', await b.position('brief'), closed.handlers).close()
    const heard = listener()
    b.follow('brief', await b.position('brief'), heard.handlers)
    await b.publish('brief', 'update', [text('own')])
    await a.publish('brief', 'update', [text('one'), text('two')])
    await a.publish('brief', 'awareness', [text('three')])
    await eventually(() => heard.heard.messages.length >= 3, 'three messages arrived')
    expect(heard.texts()).toEqual(['one', 'two', 'three'])
    expect(heard.heard.messages.map((m) => [m.kind, m.instance])).toEqual([
      ['update', a.instance],
      ['update', a.instance],
      ['awareness', a.instance],
    ])
    expect(heard.heard.gaps).toBe(0)
    expect(closed.heard.messages).toEqual([])
  })

  it('delivers to a room followed from a position taken before a publish', async () => {
    const [a, b] = [await open(), await open()]
    await a.publish('brief', 'update', [text('before')])
    const position = await b.position('brief')
    await a.publish('brief', 'update', [text('between')])
    const heard = listener()
    b.follow('brief', position, heard.handlers)
    await a.publish('brief', 'update', [text('after')])
    await eventually(() => heard.heard.messages.length >= 2, 'two messages arrived')
    expect(heard.texts()).toEqual(['between', 'after'])
    expect(heard.heard.gaps).toBe(0)
  })

  it('delivers to a second feed of a room the entries the first had already passed', async () => {
    const [a, b] = [await open(), await open()]
    const start = await b.position('brief')
    const first = listener()
    b.follow('brief', start, first.handlers)
    await a.publish('brief', 'update', [text('one'), text('two')])
    await eventually(() => first.heard.messages.length >= 2, 'the first feed heard both')
    const second = listener()
    b.follow('brief', start, second.handlers)
    await a.publish('brief', 'update', [text('three')])
    await eventually(() => second.heard.messages.length >= 3, 'the second feed heard all three')
    expect(second.texts()).toEqual(['one', 'two', 'three'])
    expect(first.texts()).toEqual(['one', 'two', 'three'])
  })

  it('carries binary data byte for byte, up to a 1 MiB payload', async () => {
    const [a, b] = [await open(), await open()]
    const heard = listener()
    b.follow('brief', await b.position('brief'), heard.handlers)
    const every = Uint8Array.from({ length: 256 }, (_, i) => i)
    const edges = Uint8Array.from([0x00, 0xff, 0x00, 0x00, 0xff])
    const large = new Uint8Array(randomBytes(1024 * 1024))
    await a.publish('brief', 'update', [every, edges, large])
    await eventually(() => heard.heard.messages.length >= 3, 'three messages arrived')
    const received = heard.heard.messages.map((m) => Buffer.from(m.data))
    expect(received[0]!.equals(Buffer.from(every))).toBe(true)
    expect(received[1]!.equals(Buffer.from(edges))).toBe(true)
    expect(received[2]!.equals(Buffer.from(large))).toBe(true)
  })

  it('delivers to each of 200 rooms followed on one reader its own messages', async () => {
    const [a, b] = [await open(), await open()]
    const rooms = Array.from({ length: 200 }, (_, i) => `room-${i}`)
    const heard = new Map<string, ReturnType<typeof listener>>()
    for (const room of rooms) {
      const one = listener()
      heard.set(room, one)
      b.follow(room, await b.position(room), one.handlers)
    }
    await Promise.all(rooms.map((room) => a.publish(room, 'update', [text(`to ${room}`)])))
    await eventually(
      () => [...heard.values()].every((one) => one.heard.messages.length > 0),
      'every room heard its message',
    )
    for (const room of rooms) expect(heard.get(room)!.texts()).toEqual([`to ${room}`])
  })

  it('calls gap when the stream was trimmed past the position', async () => {
    const [a, b] = [await open({ maxLength: 10 }), await open({ maxLength: 10 })]
    await a.publish('brief', 'update', [text('first')])
    const position = await b.position('brief')
    const many = Array.from({ length: 500 }, (_, i) => text(`entry ${i}`))
    await a.publish('brief', 'update', many)
    const trimmed = listener()
    b.follow('brief', position, trimmed.handlers)
    await eventually(() => trimmed.heard.gaps > 0, 'gap was called')
    const current = listener()
    b.follow('brief', await b.position('brief'), current.handlers)
    await a.publish('brief', 'update', [text('later')])
    await eventually(() => current.heard.messages.length > 0, 'the later message arrived')
    expect(current.heard.gaps).toBe(0)
  })

  it('skips a malformed entry with one log line and goes on reading', async () => {
    const [a, b] = [await open(), await open()]
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const heard = listener()
    b.follow('brief', await b.position('brief'), heard.handlers)
    await admin.xadd(`${prefix}room:brief`, '*', 'kind', 'update', 'instance', 'someone')
    await a.publish('brief', 'update', [text('good')])
    await eventually(() => heard.heard.messages.length > 0, 'the good message arrived')
    expect(heard.texts()).toEqual(['good'])
    expect(
      errors.mock.calls.filter(([line]) => String(line).includes('Skipped entry')),
    ).toHaveLength(1)
  })

  it('reports an instance gone once its liveness key expires, and only once', async () => {
    const b = await open({ livenessTtlMs: 300 })
    const living = await open({ livenessTtlMs: 300 })
    const gone: string[] = []
    b.onInstanceGone((instance) => gone.push(instance))
    b.follow('brief', await b.position('brief'), listener().handlers)
    // A dead instance: its key was set with a time to live and is never renewed nor deleted.
    const dies = async (instance: string) => {
      await admin.set(`${prefix}instance:${instance}`, '1', 'PX', 300)
      await admin.xadd(
        `${prefix}room:brief`,
        '*',
        'kind',
        'awareness',
        'instance',
        instance,
        'data',
        'x',
      )
    }
    await living.publish('brief', 'awareness', [text('alive')])
    await dies('ghost')
    await eventually(() => gone.length > 0, 'the ghost was reported gone')
    await dies('second-ghost')
    await eventually(() => gone.length > 1, 'the second ghost was reported gone')
    expect(gone).toEqual(['ghost', 'second-ghost'])
  })

  it('leaves no timers or sockets open once closed', async () => {
    const before = process.getActiveResourcesInfo().sort()
    const fanout = await RedisFanout.open({ url, prefix })
    fanout.follow('brief', await fanout.position('brief'), listener().handlers)
    await fanout.close()
    await eventually(
      () => JSON.stringify(process.getActiveResourcesInfo().sort()) === JSON.stringify(before),
      'the resources were released',
    )
    expect(await admin.exists(`${prefix}instance:${fanout.instance}`)).toBe(0)
  })

  describe('with a Redis server of its own', () => {
    let server: OwnRedisServer | undefined

    afterEach(async () => {
      await server?.kill()
    })

    it('calls gap on every followed room after Redis restarts, then delivers again', async () => {
      server = await OwnRedisServer.start()
      const own = server.url
      vi.spyOn(console, 'error').mockImplementation(() => undefined)
      vi.spyOn(console, 'warn').mockImplementation(() => undefined)
      const a = await open({ url: own, commandTimeoutMs: 500 })
      const b = await open({ url: own, commandTimeoutMs: 500 })
      const rooms = [listener(), listener()]
      for (const [i, room] of rooms.entries()) b.follow(`room-${i}`, '0-0', room.handlers)
      await a.publish('room-0', 'update', [text('before')])
      await eventually(() => rooms[0]!.heard.messages.length > 0, 'the first message arrived')
      await server.kill()
      await server.restart()
      await eventually(() => rooms.every((room) => room.heard.gaps > 0), 'every room heard gap')
      await eventually(async () => {
        try {
          await a.publish('room-1', 'update', [text('after')])
          return true
        } catch {
          return false
        }
      }, 'a publish succeeded after the restart')
      await eventually(() => rooms[1]!.heard.messages.length > 0, 'the later message arrived')
      expect(rooms[1]!.texts()).toEqual(['after'])
    })

    it('rejects a publish, without hanging, while Redis is down', async () => {
      server = await OwnRedisServer.start()
      vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const a = await open({ url: server.url, commandTimeoutMs: 500 })
      await a.publish('brief', 'update', [text('while up')])
      await server.kill()
      await expect(a.publish('brief', 'update', [text('while down')])).rejects.toThrow()
    })
  })
})
