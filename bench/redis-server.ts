/**
 * A redis-server of the benchmark's own, on a free loopback port with nothing persisted, so that
 * the commands counted in it are the measured servers' alone (the machine's shared Redis serves
 * other work at the same time). Commands are counted from `INFO commandstats`.
 */
import { connect } from 'node:net'
import { OwnRedisServer } from '../apps/server/src/redis-server.testkit'

/** A running redis-server of the benchmark's own. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`. */
  url: string
  host: string
  port: number
  /**
   * The calls of every command so far, by command name (`publish`, `subscribe`, …), from
   * `INFO commandstats`. The INFO call that reads them is not among them; it is in the next read.
   */
  commandCalls(): Promise<Map<string, number>>
  stop(): Promise<void>
}

/**
 * Starts redis-server on a free port, without snapshots or an append-only file (the tests' own
 * server, `REDIS_SERVER_BIN` naming another binary).
 */
export async function startRedisServer(): Promise<RedisServer> {
  const server = await OwnRedisServer.start()
  const host = '127.0.0.1'
  return {
    url: server.url,
    host,
    port: server.port,
    commandCalls: async () => parseCommandStats(await ask(host, server.port, 'INFO commandstats')),
    // Nothing is kept on disk, so killing it loses nothing.
    stop: () => server.kill(),
  }
}

/**
 * The calls between two reads of `commandCalls`, by command name, without the INFO call that
 * made the first read (each read is counted by the next).
 */
export function callsBetween(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Map<string, number> {
  const calls = new Map<string, number>()
  for (const [command, n] of after) {
    const made = n - (before.get(command) ?? 0) - (command === 'info' ? 1 : 0)
    if (made > 0) calls.set(command, made)
  }
  return calls
}

/** The calls by command name from the text of `INFO commandstats`. */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>()
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls.set(match[1]!, Number(match[2]))
  }
  return calls
}

/** Sends one inline command and resolves with its bulk-string answer. */
function ask(host: string, port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host)
    let answer = Buffer.alloc(0)
    socket.once('error', reject)
    socket.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk])
      const head = answer.indexOf('\r\n')
      if (head < 0) return
      const line = answer.subarray(0, head).toString()
      if (!line.startsWith('$')) {
        socket.destroy()
        reject(new Error(`redis-server answered ${command} with ${line}`))
        return
      }
      const length = Number(line.slice(1))
      if (answer.length < head + 2 + length) return
      socket.end()
      resolve(answer.subarray(head + 2, head + 2 + length).toString())
    })
    socket.write(`${command}\r\n`)
  })
}
