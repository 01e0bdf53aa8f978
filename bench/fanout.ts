/**
 * Fan-out: N clients on one document, each adding an annotation-sized map entry every 500 ms and
 * typing 5 characters a second into a Y.Text. Measures propagation latency from the sender's
 * transaction to the last receiver's `afterTransaction` (all clients live in this process, so
 * one clock), p50 and p99, plus the server's CPU per delivered update (utime + stime from
 * /proc/<pid>/stat over the measured period) and its resident memory at the end.
 *
 * Servers, each a fresh process per client count:
 * - Warrant (tests/support/server.ts), clients on `<doc>.annotations` with the owner token;
 *   the connection cap is raised (WARRANT_MAX_CONNECTIONS) and the per-token write budget is
 *   lifted (WARRANT_RATE_PER_SECOND=0), since all clients share one token;
 * - the reference server `@y/websocket-server` 0.1.1 (the last release on Yjs 13), its bin run
 *   with plain node, with the same stock y-websocket clients on a room of the same name;
 * - `@hocuspocus/server` 4.7.0 (peers/hocuspocus.ts), driven by `@hocuspocus/provider` 4.7.0.
 *   Both declare engines node >= 22; on this machine's Node 20 they start, sync and serve (the
 *   server uses crossws over node:http and the provider takes `ws` as its WebSocketPolyfill),
 *   so they are measured here despite the engines field.
 *
 * Warrant and the Hocuspocus peer run under tsx (`node --import tsx`), the reference server as
 * plain node; the loader adds to resident memory but not to the measured CPU.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { connectClient } from '../tests/support/clients'
import { startServer } from '../tests/support/server'
import { type BenchRow, type Scenario, seeded } from './measure'

const benchDir = dirname(fileURLToPath(import.meta.url))
const docId = 'kiep-north-korea-foreign-relations-2024'
const room = `${docId}.annotations`

/** A connected client of any server. */
interface FanoutClient {
  doc: Y.Doc
  close(): void
}

/** A running server process and how to connect a client to it. */
interface FanoutServer {
  pid: number
  connect(): Promise<FanoutClient>
  stop(): Promise<void>
}

interface ServerKind {
  name: string
  start(): Promise<FanoutServer>
}

const warrant: ServerKind = {
  name: 'Warrant',
  async start() {
    const server = await startServer({
      // Every client here shares the owner token, whose write budget (20 a second) would
      // throttle them all as one reader; real readers each have their own, so it is lifted.
      env: { WARRANT_MAX_CONNECTIONS: '1000', WARRANT_RATE_PER_SECOND: '0' },
    })
    return {
      pid: server.pid,
      connect: () => connectClient(server, room),
      stop: () => server.stop(),
    }
  },
}

const referenceServer: ServerKind = {
  name: 'y-websocket-server',
  async start() {
    const port = await freePort()
    const bin = join(benchDir, 'node_modules/@y/websocket-server/src/server.js')
    const child = await spawnListening(process.execPath, [bin], port, /running at/)
    const syncUrl = `ws://127.0.0.1:${port}`
    return {
      pid: child.pid!,
      connect: () => connectClient({ syncUrl, token: '' }, room),
      stop: () => stopChild(child),
    }
  },
}

const hocuspocus: ServerKind = {
  name: 'hocuspocus',
  async start() {
    const port = await freePort()
    const entry = join(benchDir, 'peers/hocuspocus.ts')
    const child = await spawnListening(
      process.execPath,
      ['--import', 'tsx', entry],
      port,
      /listening on/,
    )
    const url = `ws://127.0.0.1:${port}`
    return {
      pid: child.pid!,
      connect: () =>
        new Promise<FanoutClient>((resolve, reject) => {
          const doc = new Y.Doc()
          // Its own socket per client, as separate readers would have.
          const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket })
          const provider = new HocuspocusProvider({
            websocketProvider: socket,
            name: room,
            document: doc,
            onSynced: () =>
              resolve({
                doc,
                close() {
                  provider.destroy()
                  socket.destroy()
                  doc.destroy()
                },
              }),
            onAuthenticationFailed: ({ reason }) => reject(new Error(reason)),
          })
          // A provider given its own websocketProvider connects only once attached.
          provider.attach()
        }),
      stop: () => stopChild(child),
    }
  },
}

const servers = [warrant, referenceServer, hocuspocus]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

// Every y-websocket provider adds a process 'exit' listener; 200 of them are expected here.
process.setMaxListeners(0)

const children = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Spawns a peer server with HOST and PORT, resolving once its stdout matches `ready`. */
function spawnListening(
  command: string,
  args: string[],
  port: number,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd: benchDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    let output = ''
    const onExit = (code: number | null) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${output}`))
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (ready.test(output)) {
        child.off('exit', onExit)
        resolve(child)
      }
    })
    child.once('exit', onExit)
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

const ticksPerSecond = 100 // USER_HZ on Linux

/** The process's user + system CPU time so far, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

/** The process's resident memory, in MiB. */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  return kib ? Number(kib[1]) / 1024 : Number.NaN
}

/** One sent transaction, until every other client has applied it. */
interface Pending {
  /** The sender's clock after the transaction. */
  end: number
  sentAt: number
  remaining: number
  inWindow: boolean
}

/** What one client count on one server measured. */
interface FanoutResult {
  latencies: number[]
  /** Sends of the measured period that some receiver never applied. */
  unfinished: number
  deliveries: number
  cpuMs: number
  rssMiB: number
}

const annotationNote = 'A passage on the 2024 trade figures, coded for later comparison. '.repeat(2)

async function runFanout(
  kind: ServerKind,
  clientCount: number,
  warmupMs: number,
  measureMs: number,
): Promise<FanoutResult> {
  const server = await kind.start()
  const clients: FanoutClient[] = []
  const timers: NodeJS.Timeout[] = []
  try {
    for (let i = 0; i < clientCount; i++) clients.push(await server.connect())
    const pending = new Map<number, Pending[]>()
    const latencies: number[] = []
    let window: 'warmup' | 'measure' | 'drain' = 'warmup'
    let deliveries = 0

    for (const client of clients) {
      pending.set(client.doc.clientID, [])
      client.doc.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.local) return
        const now = performance.now()
        for (const [sender, after] of transaction.afterState) {
          const before = transaction.beforeState.get(sender) ?? 0
          if (after <= before) continue
          const list = pending.get(sender)
          if (!list) continue
          for (const sent of list) {
            if (sent.end > after) break
            if (sent.end <= before) continue
            sent.remaining--
            if (window === 'measure') deliveries++
            if (sent.remaining === 0 && sent.inWindow) latencies.push(now - sent.sentAt)
          }
          while (list.length > 0 && list[0]!.remaining === 0) list.shift()
        }
      })
    }

    const random = seeded(clientCount)
    clients.forEach((client, index) => {
      const { doc } = client
      const annotations = doc.getMap<unknown>('bench-annotations')
      const text = doc.getText('bench-typing')
      let sequence = 0
      const send = (change: () => void) => {
        const sentAt = performance.now()
        doc.transact(change)
        pending.get(doc.clientID)!.push({
          end: Y.getState(doc.store, doc.clientID),
          sentAt,
          remaining: clientCount - 1,
          inWindow: window === 'measure',
        })
      }
      const annotate = () =>
        send(() => {
          const at = random.int(0, 10_000)
          annotations.set(`${index}-${sequence++}`, {
            kind: 'quote',
            anchor: { start: at, end: at + random.int(5, 200) },
            codes: ['trade', 'sanctions'],
            note: annotationNote,
            author: `reader-${index}`,
            created: Date.now(),
          })
        })
      const type = () =>
        send(() => text.insert(random.int(0, text.length), String.fromCharCode(97 + (index % 26))))
      timers.push(
        setTimeout(() => timers.push(setInterval(annotate, 500)), random.int(0, 499)),
        setTimeout(() => timers.push(setInterval(type, 200)), random.int(0, 199)),
      )
    })

    await sleep(warmupMs)
    window = 'measure'
    const cpuBefore = cpuMs(server.pid)
    await sleep(measureMs)
    const cpuAfter = cpuMs(server.pid)
    window = 'drain'
    for (const timer of timers) clearInterval(timer)
    await sleep(1000)
    let unfinished = 0
    for (const list of pending.values()) unfinished += list.filter((p) => p.inWindow).length
    return {
      latencies,
      unfinished,
      deliveries,
      cpuMs: cpuAfter - cpuBefore,
      rssMiB: rssMiB(server.pid),
    }
  } finally {
    for (const timer of timers) clearInterval(timer)
    for (const client of clients) client.close()
    await server.stop()
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The q-quantile (nearest rank) of some numbers. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}

export const fanoutScenario: Scenario = {
  name: 'fanout',
  describe:
    'N clients on one document: an annotation per client every 500 ms and 5 typed characters a second; latency to the last receiver, server CPU and memory',
  async run({ quick }) {
    const counts = quick ? [2, 10, 50] : [2, 10, 50, 200]
    const warmupMs = quick ? 2000 : 5000
    const measureMs = quick ? 4000 : 10_000
    const rows: BenchRow[] = []
    for (const clientCount of counts) {
      const group: BenchRow[] = []
      for (const kind of servers) {
        const result = await runFanout(kind, clientCount, warmupMs, measureMs)
        const p50 = quantile(result.latencies, 0.5)
        const p99 = quantile(result.latencies, 0.99)
        console.log(
          `  ${kind.name}, ${clientCount} clients: ${result.latencies.length} sends measured, ${result.unfinished} unfinished, ${result.deliveries} deliveries`,
        )
        group.push({
          scenario: 'fanout',
          input: `${clientCount} clients`,
          variant: kind.name,
          operations: result.latencies.length,
          medianMs: p50,
          runsMs: [],
          ratio: 1,
          latency: { p50Ms: p50, p99Ms: p99, unfinished: result.unfinished },
          server: {
            deliveries: result.deliveries,
            cpuUsPerUpdate: (result.cpuMs * 1000) / Math.max(1, result.deliveries),
            rssMiB: result.rssMiB,
          },
        })
      }
      // The ratio compares p99 with the best peer's p99 (each peer's ratio is to the same one).
      const bestPeer = Math.min(
        ...group.filter((r) => r.variant !== warrant.name).map((r) => r.latency!.p99Ms),
      )
      for (const row of group) row.ratio = row.latency!.p99Ms / bestPeer
      rows.push(...group)
    }
    return rows
  },
}
