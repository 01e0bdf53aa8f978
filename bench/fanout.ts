/**
 * Fan-out: N clients on one document, each adding an annotation-sized map entry every 500 ms and
 * typing 5 characters a second into a Y.Text. Measures propagation latency from the sender's
 * transaction to the last receiver's `afterTransaction` (all clients live in this process, so
 * one clock), p50 and p99, plus the server's CPU per delivered update (utime + stime from
 * /proc/<pid>/stat over the measured period) and its resident memory at the end.
 *
 * Each server (servers.ts) is a fresh process per client count. Warrant's clients share the
 * owner token, so its connection cap is raised and its per-token write budget lifted. Warrant
 * and the Hocuspocus peer run under tsx, the reference server as plain node; the loader adds to
 * resident memory but not to the measured CPU.
 */
import * as Y from 'yjs'
import { type BenchRow, type Scenario, seeded } from './measure'
import { cpuMs, type FanoutClient, rssMiB, type ServerKind, servers } from './servers'

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
        ...group.filter((r) => r.variant !== servers[0]!.name).map((r) => r.latency!.p99Ms),
      )
      for (const row of group) row.ratio = row.latency!.p99Ms / bestPeer
      rows.push(...group)
    }
    return rows
  },
}
