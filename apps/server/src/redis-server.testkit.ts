/**
 * A `redis-server` of a test's own, on a free loopback port, that the test may kill and start
 * again: outages cannot be staged on the shared Redis other work is using at the same time.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import { serviceAvailable, withoutPassword } from './service.testkit'

/** Where the binary is looked for. */
const binary = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'

/** A port no one listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as { port: number }
  probe.close()
  return port
}

/**
 * Whether the Redis at `url` answers; when it does not, `tests` are skipped with one printed
 * line, or fail under CI (see service.testkit.ts).
 */
export function redisAvailable(url: string, tests: string): Promise<boolean> {
  return serviceAvailable({
    name: 'Redis',
    address: withoutPassword(url),
    tests,
    hint: 'start Redis or set REDIS_URL; with CI or WARRANT_REQUIRE_SERVICES set they fail',
    probe: async () => {
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null })
      let refusal: Error | undefined
      probe.on('error', (error) => {
        refusal ??= error
      })
      try {
        await probe.connect().catch((error) => Promise.reject(refusal ?? error))
        await probe.ping()
      } finally {
        probe.disconnect()
      }
    },
  })
}

/** Deletes every key of the Redis at `url` that starts with `prefix` (a test's own keys). */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  if (prefix === '') throw new Error('refusing to delete every key: the prefix is empty')
  const admin = new Redis(url, { lazyConnect: true, retryStrategy: () => null })
  try {
    await admin.connect()
    const keys = await admin.keys(`${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`)
    if (keys.length > 0) await admin.del(...keys)
  } finally {
    admin.disconnect()
  }
}

/** A Redis server keeping nothing on disk, so that a restart starts it empty. */
export class OwnRedisServer {
  private process: ChildProcess | undefined

  private constructor(readonly port: number) {}

  /** Starts a server on a free port and waits until it answers. */
  static async start(): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort())
    await server.restart()
    return server
  }

  /** The server's `redis://` URL. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts the server again on the same port (after `kill`), and waits until it answers. */
  async restart(): Promise<void> {
    const settings = ['--port', String(this.port), '--bind', '127.0.0.1']
    this.process = spawn(binary, [...settings, '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    })
    let failure: Error | undefined
    this.process.once('error', (error) => {
      failure = error
    })
    const probe = new Redis(this.port, '127.0.0.1', {
      lazyConnect: true,
      retryStrategy: () => null,
    })
    probe.on('error', () => undefined)
    const deadline = Date.now() + 20_000
    try {
      for (;;) {
        const answered = await probe.connect().then(
          () => probe.ping().then((reply) => reply === 'PONG'),
          () => false,
        )
        if (answered) return
        if (failure) throw new Error(`could not start ${binary}: ${failure.message}`)
        if (Date.now() > deadline)
          throw new Error(`redis-server on port ${this.port} never answered`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    } finally {
      probe.disconnect()
    }
  }

  /** Kills the server at once (SIGKILL), as a crash would, and waits until it has exited. */
  async kill(): Promise<void> {
    const running = this.process
    this.process = undefined
    if (!running || running.exitCode !== null) return
    const exited = once(running, 'exit')
    running.kill('SIGKILL')
    await exited
  }
}
