/**
 * Bad frames against the real server: 10,000 malformed, crafted or mutated websocket frames go to
 * one document over a few sockets at a time (a socket the server closes is replaced), while two
 * stock y-websocket clients keep editing another document and time each edit's round trip. The
 * server keeps serving that document, closes every socket that sent a frame invalid by
 * construction, and its memory stays bounded.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import {
  invalidFrames,
  message,
  mutate,
  seeded,
  updateMessage,
  validMessages,
  writeUints,
} from '../support/bad-frames'
import { connectClient, type SyncClient, until } from '../support/clients'
import { startServer, type TestServer } from '../support/server'

const totalFrames = 10_000
const concurrentSockets = 8
const target = 'target.content'
const quiet = 'quiet.annotations'

let server: TestServer
let badToken = ''

beforeAll(async () => {
  const documents = mkdtempSync(join(tmpdir(), 'warrant-frames-docs-'))
  for (const id of ['target', 'quiet']) {
    writeFileSync(join(documents, `${id}.md`), '# Brief\n\nExports fell by 86.3 percent.\n')
  }
  server = await startServer({
    env: {
      WARRANT_DOCUMENTS: documents,
      // Budgets and caps are not under test here: the flood comes from one token.
      WARRANT_RATE_BURST: '1000000',
      WARRANT_RATE_PER_SECOND: '1000000',
      WARRANT_MAX_CONNECTIONS: '10000',
    },
  })
  const created = await server.api('/api/shares', {
    method: 'POST',
    body: JSON.stringify({ role: 'editor', label: 'flood' }),
  })
  badToken = ((await created.json()) as { token: string }).token
})

afterAll(async () => {
  await server?.stop()
})

/** Resident memory of the server process, in MiB. */
function rssMiB(): number {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)![1]) / 1024
}

type Outcome = { closed: number } | { answered: true }

let probeClients = 3_000_000_000

/**
 * A raw socket (opened with ack=1) that sends a frame, then a probe: a one-clock update of a
 * client of its own. The server acknowledges the probe only if it handled it, so the socket
 * learns whether the frame before it made the server close the socket.
 */
class BadSocket {
  private readonly probeClient = probeClients++
  private probes = 0
  private pending: ((outcome: Outcome) => void) | null = null
  private closedWith: number | null = null

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      if (data[0] !== 4) return
      const stored = Y.decodeStateVector(
        decoding.readVarUint8Array(decoding.createDecoder(data.subarray(1))),
      )
      if ((stored.get(this.probeClient) ?? 0) >= this.probes) this.settle({ answered: true })
    })
    ws.on('close', (code) => {
      this.closedWith = code
      this.settle({ closed: code })
    })
    ws.on('error', () => {})
  }

  static open(url: string): Promise<BadSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}&ack=1`)
      ws.once('open', () => resolve(new BadSocket(ws)))
      ws.once('error', reject)
    })
  }

  get closed(): boolean {
    return this.closedWith !== null
  }

  send(frame: Uint8Array | string): Promise<Outcome> {
    return new Promise((resolve) => {
      if (this.closedWith !== null) return resolve({ closed: this.closedWith })
      this.pending = resolve
      this.ws.send(frame, { binary: typeof frame !== 'string' })
      // One GC struct of the probe client at its next clock.
      const clock = this.probes++
      const probe = message((e) => writeUints(e, 1, 1, this.probeClient, clock, 0, 1, 0))
      this.ws.send(updateMessage(probe))
    })
  }

  private settle(outcome: Outcome): void {
    const pending = this.pending
    this.pending = null
    pending?.(outcome)
  }
}

describe('bad frames', () => {
  it('keeps serving another document, closes every socket that sent an invalid frame, and stays within its memory', async () => {
    const quietA: SyncClient = await connectClient(server, quiet)
    const quietB: SyncClient = await connectClient(server, quiet)
    const valid = validMessages()
    const invalid = invalidFrames(valid)
    const random = seeded(687)
    // Warm up, then take the baseline.
    quietA.doc.getMap('probe').set('n', -1)
    await until(quietB.doc, () => (quietB.doc.getMap('probe').get('n') === -1 ? true : undefined))
    const baseline = rssMiB()
    let peak = baseline

    const latencies: number[] = []
    let flooding = true
    const editing = (async () => {
      for (let n = 0; flooding; n++) {
        const started = performance.now()
        quietA.doc.getMap('probe').set('n', n)
        await until(quietB.doc, () =>
          quietB.doc.getMap('probe').get('n') === n ? true : undefined,
        )
        latencies.push(performance.now() - started)
        peak = Math.max(peak, rssMiB())
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()

    const codes = new Map<number, number>()
    const notClosed: string[] = []
    let mutatedClosed = 0
    let mutatedAnswered = 0
    let socketsOpened = 0
    let sent = 0
    const url = `${server.syncUrl}/${target}?token=${badToken}`
    const started = performance.now()
    const flood = async () => {
      let socket = await BadSocket.open(url)
      socketsOpened += 1
      while (sent < totalFrames) {
        const index = sent++
        const constructedInvalid = index % 5 < 2
        const frame = constructedInvalid
          ? invalid[index % invalid.length]!
          : mutate(valid.frames[index % valid.frames.length]!, random)
        const outcome = await socket.send(frame)
        if ('closed' in outcome) {
          if (constructedInvalid) codes.set(outcome.closed, (codes.get(outcome.closed) ?? 0) + 1)
          else mutatedClosed += 1
        } else if (constructedInvalid) {
          notClosed.push(
            typeof frame === 'string' ? frame : Buffer.from(frame.subarray(0, 24)).toString('hex'),
          )
        } else {
          mutatedAnswered += 1
        }
        if (socket.closed) {
          socket = await BadSocket.open(url)
          socketsOpened += 1
        }
      }
      socket.ws.close()
    }
    await Promise.all(Array.from({ length: concurrentSockets }, flood))
    const floodMs = performance.now() - started
    flooding = false
    await editing
    peak = Math.max(peak, rssMiB())

    // The flooded document itself still syncs for a stock client.
    const after = await connectClient(server, target)
    const health = await fetch(`${server.url}/api/health`)
    after.close()
    quietA.close()
    quietB.close()

    const sorted = [...latencies].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
    console.log(
      `${sent} bad frames over ${socketsOpened} sockets in ${(floodMs / 1000).toFixed(1)} s; ` +
        `close codes of invalid frames: ${JSON.stringify(Object.fromEntries(codes))}; ` +
        `mutated frames: ${mutatedClosed} closed, ${mutatedAnswered} answered`,
    )
    console.log(
      `round trip of ${latencies.length} edits on another document: p50 ${at(0.5).toFixed(1)} ms, ` +
        `p99 ${at(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    )
    console.log(`server RSS: baseline ${baseline.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB`)

    expect(health.status).toBe(200)
    expect(latencies.length).toBeGreaterThan(10)
    expect(notClosed).toEqual([])
    const refusedCodes = [...codes.keys()].filter((code) => ![1002, 1003, 1008].includes(code))
    expect(refusedCodes).toEqual([])
    expect([...codes.values()].reduce((a, b) => a + b, 0)).toBe(Math.ceil(totalFrames * 0.4))
    expect(peak - baseline).toBeLessThan(200)
  }, 180_000)
})
