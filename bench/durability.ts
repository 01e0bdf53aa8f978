/**
 * Durability: 5,000 updates a second across 20 documents (1,000 a second with `--quick`), each an
 * annotation-sized map entry. Measures the time from receipt to committed storage, p50 and p99,
 * and whether the server keeps up: the updates still unstored when the load stops (the backlog),
 * with the rates offered and stored in the notes.
 *
 * Warrant is measured from outside, at its clients: from the send to the stored acknowledgement
 * (`ack=1`) that covers it, so its figures include both network hops and are an upper bound on
 * receipt to commit. Neither peer tells its clients what it stored, so each runs in a wrapper
 * process that records receipt and commit itself (peers/commit-record.ts): the reference server
 * with its y-leveldb persistence (YPERSISTENCE), receipt at the doc's 'update' and commit when
 * `storeUpdate` resolves (peers/y-websocket-durable.ts); Hocuspocus with its SQLite extension,
 * receipt at onChange and commit at afterStoreDocument, after its default 2 s debounce
 * (peers/hocuspocus-sqlite.ts).
 *
 * Warrant's rooms belong to documents: its data folder gets 19 documents beside the seeded one
 * (servers.ts), and the writers write to each document's annotations room; the peers get rooms
 * of the same number. Every writer has a reader token of its own and sends 16.7 updates a second,
 * under Warrant's per-reader budget (20 a second, burst 60), so 5,000 a second take 300 writers,
 * 15 to a document; each server relays every update to the 14 other writers of its room. The
 * writers run in load processes (durability-load.ts) apart from the server, which is a fresh
 * process with a fresh data folder for every run; the servers take turns, and the figures are
 * the medians over the repeats.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Endpoint } from './connect'
import type { DurabilityCommand, DurabilityReply, Sent, Writer } from './durability-load'
import { askAll, closeLoads, type LoadProcess, startLoad } from './load-process'
import { type BenchRow, median, medianRow, quantile, type Scenario, sleep } from './measure'
import type { Receipt } from './peers/commit-record'
import { cpuMs, freePort, machineNow, spawnListening, stopChild } from './processes'
import { servers } from './servers'

const benchDir = dirname(fileURLToPath(import.meta.url))
const documents = 20
const writersPerProcess = 100

/** A server as this scenario runs it: started for a number of writers per document. */
interface DurableServer {
  name: string
  /** How long to wait after the load for the commits still due (Hocuspocus's: 2 s later). */
  drainMs: number
  start(writersPerDocument: number): Promise<StartedServer>
}

/** A started server: its writers, how its receipts and commits are read, and how it stops. */
interface StartedServer {
  pid: number
  endpoint: Endpoint
  writers: Writer[]
  /** The peers' own record of receipts and commits; Warrant's is read at its clients. */
  receipts?: () => Promise<Receipt[]>
  stop(): Promise<void>
}

/** A peer wrapper process in a fresh data folder, reporting its record on SIGUSR2. */
async function startPeer(entry: string, ready: RegExp, env: (dir: string) => object) {
  const dir = await mkdtemp(join(tmpdir(), 'warrant-durability-'))
  const report = join(dir, 'receipts.json')
  const port = await freePort()
  const child = await spawnListening(process.execPath, ['--import', 'tsx', entry], {
    cwd: benchDir,
    env: { HOST: '127.0.0.1', PORT: String(port), DURABILITY_REPORT: report, ...env(dir) },
    ready,
  })
  const receipts = async (): Promise<Receipt[]> => {
    child.kill('SIGUSR2')
    while (!existsSync(report)) await sleep(50)
    const list = JSON.parse(readFileSync(report, 'utf8')) as Array<[number, number | null]>
    return list.map(([at, done]) => [at, done ?? Number.NaN])
  }
  const stop = async () => {
    await stopChild(child)
    await rm(dir, { recursive: true, force: true })
  }
  return { child, port, receipts, stop }
}

/** The peers' writers: the same layout as Warrant's, in rooms of any name. */
function peerWriters(writersPerDocument: number): Writer[] {
  return Array.from({ length: documents * writersPerDocument }, (_, i) => ({
    room: `durability-${i % documents}.annotations`,
    token: '',
  }))
}

const durableServers: DurableServer[] = [
  {
    name: servers[0]!.name,
    drainMs: 1000,
    async start(writersPerDocument) {
      const server = await servers[0]!.start({ readers: writersPerDocument, documents })
      const list = server.documents!
      const writers = Array.from({ length: documents * writersPerDocument }, (_, i) => {
        const document = list[i % documents]!
        return {
          room: `${document.id}.annotations`,
          token: document.tokens[Math.floor(i / documents)]!,
        }
      })
      return { pid: server.pid, endpoint: server.endpoint, writers, stop: server.stop }
    },
  },
  {
    name: 'y-websocket-server',
    drainMs: 1000,
    async start(writersPerDocument) {
      const peer = await startPeer('peers/y-websocket-durable.ts', /running at/, (dir) => ({
        YPERSISTENCE: join(dir, 'leveldb'),
      }))
      return {
        pid: peer.child.pid!,
        endpoint: { protocol: 'y-websocket', url: `ws://127.0.0.1:${peer.port}`, tokens: [] },
        writers: peerWriters(writersPerDocument),
        receipts: peer.receipts,
        stop: peer.stop,
      }
    },
  },
  {
    name: 'hocuspocus',
    drainMs: 3000,
    async start(writersPerDocument) {
      const peer = await startPeer('peers/hocuspocus-sqlite.ts', /listening on/, (dir) => ({
        DURABILITY_DATA: dir,
      }))
      return {
        pid: peer.child.pid!,
        endpoint: { protocol: 'hocuspocus', url: `ws://127.0.0.1:${peer.port}`, tokens: [] },
        writers: peerWriters(writersPerDocument),
        receipts: peer.receipts,
        stop: peer.stop,
      }
    },
  },
]

type Load = LoadProcess<DurabilityCommand, DurabilityReply>

/** What one run on one server measured, over the measured period. */
interface DurableRun {
  /** Receipt (Warrant: send) to commit (Warrant: stored acknowledgement), in ms. */
  latencies: number[]
  /** Updates received in the period and never committed, even after the drain. */
  unfinished: number
  offeredPerSecond: number
  storedPerSecond: number
  /** Updates received by the end of the load and not committed by then. */
  backlog: number
  /** Server CPU over the measured period, as a share of one core. */
  cpu: number
  /** The load processes' CPU over the measured period, as a share of one core. */
  loadCpu: number
}

/** The measured period's figures from [start, commit] pairs (commit NaN: never). */
function measured(pairs: Array<[number, number]>, sent: Sent[], from: number, to: number) {
  const seconds = (to - from) / 1000
  const latencies: number[] = []
  let unfinished = 0
  let stored = 0
  let backlog = 0
  for (const [at, done] of pairs) {
    if (done >= from && done < to) stored++
    if (at < to && !(done <= to)) backlog++
    if (at < from || at >= to) continue
    if (Number.isNaN(done)) unfinished++
    else latencies.push(done - at)
  }
  const offered = sent.filter(([at]) => at >= from && at < to).length
  return {
    latencies,
    unfinished,
    backlog,
    offeredPerSecond: offered / seconds,
    storedPerSecond: stored / seconds,
  }
}

async function runDurability(
  kind: DurableServer,
  writersPerDocument: number,
  perSecond: number,
  warmupMs: number,
  measureMs: number,
): Promise<DurableRun> {
  const server = await kind.start(writersPerDocument)
  const loads: Load[] = []
  try {
    const { writers } = server
    for (let first = 0; first < writers.length; first += writersPerProcess) {
      const load = startLoad<DurabilityCommand, DurabilityReply>('durability-load.ts')
      loads.push(load)
      const share = writers.slice(first, first + writersPerProcess)
      load.tell({ type: 'connect', endpoint: server.endpoint, writers: share, first })
    }
    await Promise.all(loads.map((load) => load.next('connected')))
    for (const load of loads) load.tell({ type: 'go', perSecond: perSecond / writers.length })
    await sleep(warmupMs)
    const from = machineNow()
    const cpuBefore = cpuMs(server.pid)
    const loadCpu = () => loads.reduce((ms, load) => ms + cpuMs(load.child.pid!), 0)
    const loadBefore = loadCpu()
    await sleep(measureMs)
    const cpuAfter = cpuMs(server.pid)
    const loadAfter = loadCpu()
    const to = machineNow()
    await askAll(loads, { type: 'stop' }, 'stopped')
    await sleep(kind.drainMs)
    const reports = await askAll(loads, { type: 'report' }, 'report')
    const sent = reports.flatMap((r) => r.sent)
    const pairs = server.receipts ? await server.receipts() : sent
    const figures = measured(pairs, sent, from, to)
    const cpu = (cpuAfter - cpuBefore) / measureMs
    return { ...figures, cpu, loadCpu: (loadAfter - loadBefore) / measureMs }
  } finally {
    await closeLoads(loads)
    await server.stop()
  }
}

/** The scenario's rows: p50, p99 and the backlog, medians over the repeats. */
function rowsOf(input: string, runs: Map<string, DurableRun[]>): BenchRow[] {
  const metric = (metric: string, value: (run: DurableRun) => number, target?: string) =>
    medianRow(
      { scenario: 'durability', input, metric, target },
      durableServers.map((s) => s.name),
      runs,
      value,
    )
  const each = (label: string, value: (list: DurableRun[]) => string | number) =>
    durableServers.map((s) => [`${s.name} ${label}`, value(runs.get(s.name) ?? [])])
  const round = (values: number[]) => Math.round(median(values))
  const backlog = metric('backlog of unstored updates when the load stops', (r) => r.backlog)
  backlog.notes = Object.fromEntries([
    ...each('offered per second', (list) => round(list.map((r) => r.offeredPerSecond))),
    ...each('stored per second', (list) => round(list.map((r) => r.storedPerSecond))),
    ...each('server CPU % of a core', (list) => round(list.map((r) => r.cpu * 100))),
    ...each('load processes CPU % of a core', (list) => round(list.map((r) => r.loadCpu * 100))),
  ])
  const latency = metric(
    'p99 ms receipt to committed (Warrant: send to stored ack)',
    (r) => quantile(r.latencies, 0.99),
    '≤ best peer',
  )
  latency.notes = Object.fromEntries([
    ...each('updates measured', (list) => list.reduce((n, r) => n + r.latencies.length, 0)),
    ...each('never committed', (list) => list.reduce((n, r) => n + r.unfinished, 0)),
  ])
  return [
    metric('p50 ms receipt to committed (Warrant: send to stored ack)', (r) =>
      quantile(r.latencies, 0.5),
    ),
    latency,
    backlog,
  ]
}

export const durabilityScenario: Scenario = {
  name: 'durability',
  describe:
    '5,000 annotation-sized updates a second across 20 documents; receipt to committed storage, and whether the server keeps up',
  async run({ quick }) {
    const perSecond = quick ? 1000 : 5000
    const writersPerDocument = quick ? 3 : 15
    const repeats = quick ? 1 : 3
    const warmupMs = quick ? 500 : 3000
    const measureMs = quick ? 2000 : 10_000
    const runs = new Map<string, DurableRun[]>(durableServers.map((s) => [s.name, []]))
    for (let repeat = 0; repeat < repeats; repeat++) {
      // The servers take turns, starting with a different one each repeat.
      for (let i = 0; i < durableServers.length; i++) {
        const kind = durableServers[(i + repeat) % durableServers.length]!
        const run = await runDurability(kind, writersPerDocument, perSecond, warmupMs, measureMs)
        runs.get(kind.name)!.push(run)
        console.log(
          `  ${kind.name}: p50 ${quantile(run.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(run.latencies, 0.99).toFixed(1)} ms over ${run.latencies.length} updates; stored ${Math.round(run.storedPerSecond)}/s of ${Math.round(run.offeredPerSecond)}/s offered, backlog ${run.backlog}, ${run.unfinished} never committed, CPU ${Math.round(run.cpu * 100)}% (load processes ${Math.round(run.loadCpu * 100)}%)`,
        )
      }
    }
    const writers = documents * writersPerDocument
    return rowsOf(
      `${perSecond.toLocaleString('en')}/s, ${documents} documents, ${writers} writers`,
      runs,
    )
  },
}
