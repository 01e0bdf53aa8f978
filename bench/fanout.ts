/**
 * Fan-out: N clients on one document, each adding an annotation-sized map entry every 500 ms and
 * typing 5 characters a second into a Y.Text. Measures propagation latency from the sender's
 * transaction to the last receiver's `afterTransaction`, p50 and p99, plus the server's CPU per
 * delivered update (utime + stime from /proc/<pid>/stat over the measured period) and its
 * resident memory at the end.
 *
 * The clients run in load processes of at most 50 clients each (fanout-load.ts), apart from the
 * server's process; they share the machine's clock. Each server is a fresh process for every
 * client count and repeat, the servers taking turns, and the reported figures are the medians
 * over the repeats.
 */
import type { Endpoint } from './connect'
import type { LoadCommand, LoadReply, Receipt, Send } from './fanout-load'
import { askAll, closeLoads, type LoadProcess, startLoad } from './load-process'
import { type BenchRow, medianRow, quantile, type Scenario, sleep } from './measure'
import { cpuMs, machineNow, rssMiB } from './processes'
import { room, type ServerKind, servers } from './servers'

const clientsPerProcess = 50

/** What one run of one client count on one server measured. */
interface FanoutRun {
  latencies: number[]
  /** Sends of the measured period that some receiver never applied. */
  unfinished: number
  deliveries: number
  cpuMs: number
  rssMiB: number
}

type Load = LoadProcess<LoadCommand, LoadReply>

/** Latency of every send in [from, to), from every load process's sends and receipts. */
function latenciesOf(
  sends: Send[],
  receipts: Receipt[],
  receivers: number,
  from: number,
  to: number,
) {
  const bySender = new Map<number, Receipt[]>()
  for (const receipt of receipts) {
    const list = bySender.get(receipt[0])
    if (list) list.push(receipt)
    else bySender.set(receipt[0], [receipt])
  }
  const latencies: number[] = []
  let unfinished = 0
  let deliveries = 0
  for (const [sender, end, sentAt] of sends) {
    if (sentAt < from || sentAt >= to) continue
    let count = 0
    let lastAt = 0
    for (const [, before, after, n, at] of bySender.get(sender) ?? []) {
      if (before < end && end <= after) {
        count += n
        lastAt = Math.max(lastAt, at)
      }
    }
    deliveries += count
    if (count >= receivers) latencies.push(lastAt - sentAt)
    else unfinished++
  }
  return { latencies, unfinished, deliveries }
}

/** One run of `clientCount` clients on a fresh `kind` server: warm-up, then the measured period. */
export async function runFanout(
  kind: ServerKind,
  clientCount: number,
  warmupMs: number,
  measureMs: number,
): Promise<FanoutRun> {
  const server = await kind.start({ readers: clientCount })
  const loads: Load[] = []
  try {
    const endpoint: Endpoint = server.endpoint
    for (let first = 0; first < clientCount; first += clientsPerProcess) {
      const load = startLoad<LoadCommand, LoadReply>('fanout-load.ts')
      loads.push(load)
      const count = Math.min(clientsPerProcess, clientCount - first)
      load.tell({ type: 'connect', endpoint, room, first, count })
    }
    await Promise.all(loads.map((load) => load.next('connected')))
    for (const load of loads) load.tell({ type: 'go' })
    await sleep(warmupMs)
    const from = machineNow()
    const cpuBefore = cpuMs(server.pid)
    await sleep(measureMs)
    const cpuAfter = cpuMs(server.pid)
    const to = machineNow()
    await askAll(loads, { type: 'stop' }, 'stopped')
    await sleep(1000)
    const reports = await askAll(loads, { type: 'report' }, 'report')
    const measured = latenciesOf(
      reports.flatMap((r) => r.sends),
      reports.flatMap((r) => r.receipts),
      clientCount - 1,
      from,
      to,
    )
    return { ...measured, cpuMs: cpuAfter - cpuBefore, rssMiB: rssMiB(server.pid) }
  } finally {
    await closeLoads(loads)
    await server.stop()
  }
}

/** The rows of one client count: p50, p99, server CPU and memory, medians over the repeats. */
function rowsOf(clientCount: number, runs: Map<string, FanoutRun[]>): BenchRow[] {
  const input = `${clientCount} clients`
  const metric = (metric: string, value: (run: FanoutRun) => number, target?: string) =>
    medianRow(
      { scenario: 'fanout', input, metric, target },
      servers.map((s) => s.name),
      runs,
      value,
    )
  const sent = (name: string) => runs.get(name)?.reduce((n, r) => n + r.latencies.length, 0) ?? 0
  const unfinished = (name: string) => runs.get(name)?.reduce((n, r) => n + r.unfinished, 0) ?? 0
  const latency = metric(
    'p99 ms to the last receiver',
    (r) => quantile(r.latencies, 0.99),
    '≤ best peer',
  )
  latency.notes = Object.fromEntries(
    servers.flatMap((s) => [
      [`${s.name} sends measured`, sent(s.name)],
      [`${s.name} unfinished`, unfinished(s.name)],
    ]),
  )
  return [
    metric('p50 ms to the last receiver', (r) => quantile(r.latencies, 0.5)),
    latency,
    metric(
      'server CPU µs per delivered update',
      (r) => (r.cpuMs * 1000) / Math.max(1, r.deliveries),
    ),
    // Where the load is more than the machine can apply, sends stop arriving everywhere.
    metric(
      '% of sends some receiver missed by the end',
      (r) => (100 * r.unfinished) / Math.max(1, r.unfinished + r.latencies.length),
    ),
    metric('server RSS MiB', (r) => r.rssMiB),
  ]
}

export const fanoutScenario: Scenario = {
  name: 'fanout',
  describe:
    'N clients on one document: an annotation per client every 500 ms and 5 typed characters a second; latency to the last receiver, server CPU and memory',
  async run({ quick }) {
    const counts = quick ? [10] : [2, 10, 50, 200]
    const repeats = quick ? 1 : 3
    const warmupMs = quick ? 1000 : 4000
    const measureMs = quick ? 2000 : 8000
    const rows: BenchRow[] = []
    for (const clientCount of counts) {
      const runs = new Map<string, FanoutRun[]>(servers.map((s) => [s.name, []]))
      // At 200 clients the load is more than this machine can apply (see the README): once.
      const times = clientCount >= 200 ? 1 : repeats
      for (let repeat = 0; repeat < times; repeat++) {
        // The servers take turns, starting with a different one each repeat.
        for (let i = 0; i < servers.length; i++) {
          const kind = servers[(i + repeat) % servers.length]!
          const run = await runFanout(kind, clientCount, warmupMs, measureMs)
          runs.get(kind.name)!.push(run)
          console.log(
            `  ${kind.name}, ${clientCount} clients: p50 ${quantile(run.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(run.latencies, 0.99).toFixed(1)} ms over ${run.latencies.length} sends (${run.unfinished} unfinished)`,
          )
        }
      }
      rows.push(...rowsOf(clientCount, runs))
    }
    return rows
  },
}
