/**
 * Idle scale: N open documents, each with one idle connection, then up to 250 idle connections on
 * one document. Measures each server's memory after garbage collection (the server runs with
 * `--expose-gc` and peers/memory-probe.mjs, read on SIGUSR2): its baseline, with the first tenth
 * of the documents open, with all N open, after every connection closed and the documents were
 * unloaded, and likewise with a tenth and then all of min(N, 250) connections on one document.
 * The costs per document (with its connection) and per connection are what the last nine tenths
 * added, so the code compiled for serving the first ones is not counted as theirs; what was not
 * returned after unload is measured from the baseline. heapUsed and RSS, medians over the
 * repeats. The reference server runs without persistence, so it keeps every document it has
 * served: they exist nowhere else.
 *
 * What a document holds is the same everywhere: the content of `idleDocumentSource` (a heading
 * and three paragraphs) as Warrant stores it, in the document's content room
 * (`<id>.content`). Warrant loads it from its store; the peers start empty and each client
 * sends it after syncing. Every client is a stock y-websocket client (Hocuspocus: its provider)
 * with its awareness, in load processes apart from the server's (idle-load.ts). On Warrant
 * each reader token opens every document and the clients share 64 tokens, within the default
 * caps (64 connections, 32 documents per token); a document's annotations room is not opened.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as Y from 'yjs'
import { connect } from './connect'
import type { IdleCommand, IdleReply } from './idle-load'
import { type BenchRow, median, medianRow, type Scenario, sleep } from './measure'
import { idleDocumentId, type RunningServer, type ServerKind, servers } from './servers'

const benchDir = dirname(fileURLToPath(import.meta.url))
const probeModule = pathToFileURL(join(benchDir, 'peers/memory-probe.mjs')).href
const clientsPerProcess = 250
// Within the default caps: N/64 connections and documents per token for N ≤ 2,000.
const readers = 64
const kib = 1024
// Every newcomer's awareness goes to everyone on the document: a thousand make the reference
// server too busy to answer for minutes, so the per-connection figure is taken on fewer.
const maxOnOneDocument = 250
const mib = 1024 * 1024

/** A server's memory after garbage collection, in bytes (process.memoryUsage()). */
interface Memory {
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

/** What one run on one server measured. */
interface IdleRun {
  /** The documents (each with its connection) measured between `warmed` and `open`. */
  documents: number
  /** The connections measured between `oneWarmed` and `oneDocument`. */
  connections: number
  baseline: Memory
  /** The first tenth of the documents open: the code their serving needs is compiled. */
  warmed: Memory
  /** N documents, each with one idle connection. */
  open: Memory
  /** After every connection closed and the documents were unloaded. */
  unloaded: Memory
  /** A tenth of N idle connections on one document. */
  oneWarmed: Memory
  /** N idle connections on one document. */
  oneDocument: Memory
}

/** The server's memory after it collected garbage. */
async function probe(server: RunningServer, file: string): Promise<Memory> {
  await rm(file, { force: true })
  process.kill(server.pid, 'SIGUSR2')
  for (let waited = 0; waited < 120_000; waited += 50) {
    await sleep(50)
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Memory
    } catch {
      // Not written yet.
    }
  }
  throw new Error(`no memory probe from process ${server.pid}`)
}

/** Connects a client to each room from load processes; resolves with them once all synced. */
async function connectIdle(
  server: RunningServer,
  rooms: string[],
  content: Uint8Array,
  firstClient = 0,
): Promise<ChildProcess[]> {
  const loads: ChildProcess[] = []
  const connected: Array<Promise<void>> = []
  for (let first = 0; first < rooms.length; first += clientsPerProcess) {
    const child = fork(join(benchDir, 'idle-load.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    loads.push(child)
    connected.push(
      new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`an idle load process exited (${code})`)))
        child.on('message', (message: IdleReply) => {
          if (message.type === 'connected') resolve()
        })
      }),
    )
    const command: IdleCommand = {
      type: 'connect',
      endpoint: server.endpoint,
      rooms: rooms.slice(first, first + clientsPerProcess),
      first: firstClient + first,
      content: Buffer.from(content).toString('base64'),
    }
    child.send(command)
  }
  await Promise.all(connected)
  return loads
}

/** Closes every client of the load processes and waits for the processes to end. */
async function closeIdle(loads: ChildProcess[]): Promise<void> {
  await Promise.all(
    loads.map((child) => {
      if (child.exitCode !== null) return undefined
      const exited = new Promise((done) => child.once('exit', done))
      child.send({ type: 'close' } satisfies IdleCommand)
      return exited
    }),
  )
}

/** The update an idle document holds on Warrant, read by a client from a Warrant server. */
async function idleContent(documents: number): Promise<Uint8Array> {
  // The template the measured runs need, made once here.
  const server = await servers[0]!.start({ readers, idleDocuments: documents })
  try {
    const client = await connect(server.endpoint, `${idleDocumentId(0)}.content`, 0)
    const update = Y.encodeStateAsUpdate(client.doc)
    client.close()
    return update
  } finally {
    await server.stop()
  }
}

async function runIdle(
  kind: ServerKind,
  documents: number,
  content: Uint8Array,
  settleMs: number,
): Promise<IdleRun> {
  const dir = await mkdtemp(join(tmpdir(), 'idle-probe-'))
  const file = join(dir, 'memory.json')
  const server = await kind.start({
    readers,
    idleDocuments: documents,
    nodeArgs: ['--expose-gc', '--import', probeModule],
    env: { MEMORY_PROBE_FILE: file },
  })
  try {
    await sleep(settleMs)
    const baseline = await probe(server, file)
    const rooms = Array.from({ length: documents }, (_, n) => `${idleDocumentId(n)}.content`)
    const warm = Math.ceil(documents / 10)
    let loads = await connectIdle(server, rooms.slice(0, warm), content)
    await sleep(settleMs)
    const warmed = await probe(server, file)
    loads.push(...(await connectIdle(server, rooms.slice(warm), content)))
    // The peers receive the content the clients sent after syncing.
    await sleep(settleMs)
    const open = await probe(server, file)
    await closeIdle(loads)
    // Every server frees a document once its last connection has gone (Warrant after its unload
    // delay, Hocuspocus after its store's debounce, of no store here) but the reference server
    // without persistence, whose documents live only in its memory.
    await sleep(settleMs * 2 + (kind.unloadAfterMs ?? 0))
    const unloaded = await probe(server, file)
    const one = new Array<string>(Math.min(documents, maxOnOneDocument)).fill(rooms[0]!)
    const oneWarm = Math.ceil(one.length / 10)
    loads = await connectIdle(server, one.slice(0, oneWarm), content)
    await sleep(settleMs)
    const oneWarmed = await probe(server, file)
    loads.push(...(await connectIdle(server, one.slice(oneWarm), content, oneWarm)))
    await sleep(settleMs)
    const oneDocument = await probe(server, file)
    await closeIdle(loads)
    return {
      documents: documents - warm,
      connections: one.length - oneWarm,
      baseline,
      warmed,
      open,
      unloaded,
      oneWarmed,
      oneDocument,
    }
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** The rows of the scenario: each metric's median over the repeats, per server. */
function rowsOf(documents: number, runs: Map<string, IdleRun[]>): BenchRow[] {
  const input = `${documents} documents`
  const metric = (metric: string, value: (run: IdleRun) => number, target?: string) =>
    medianRow(
      { scenario: 'idle-scale', input, metric, target },
      servers.map((s) => s.name),
      runs,
      value,
    )
  const perDocument = (key: keyof Memory) => (r: IdleRun) =>
    (r.open[key] - r.warmed[key]) / r.documents / kib
  const heap = metric(
    'KiB heap per idle document (with its connection)',
    perDocument('heapUsed'),
    '< best peer',
  )
  heap.notes = Object.fromEntries(
    servers.flatMap((s) => {
      const list = runs.get(s.name) ?? []
      return [
        [
          `${s.name} baseline heap MiB`,
          +median(list.map((r) => r.baseline.heapUsed / mib)).toFixed(1),
        ],
        [
          `${s.name} KiB external per document`,
          +median(list.map(perDocument('external'))).toFixed(2),
        ],
      ]
    }),
  )
  const unload = metric(
    'heap MiB not returned after unload',
    (r) => (r.unloaded.heapUsed - r.baseline.heapUsed) / mib,
  )
  unload.notes = Object.fromEntries(
    servers.map((s) => [`${s.name} % returned`, median((runs.get(s.name) ?? []).map(returned))]),
  )
  return [
    heap,
    metric('KiB RSS per idle document (with its connection)', perDocument('rss')),
    metric(
      'KiB heap per idle connection (all on one document)',
      (r) => (r.oneDocument.heapUsed - r.oneWarmed.heapUsed) / r.connections / kib,
    ),
    metric(
      'KiB RSS per idle connection (all on one document)',
      (r) => (r.oneDocument.rss - r.oneWarmed.rss) / r.connections / kib,
    ),
    unload,
  ]
}

export const idleScaleScenario: Scenario = {
  name: 'idle-scale',
  describe:
    'N open documents with one idle connection each, then up to 250 idle connections on one document; server memory after GC, per document and per connection, and after unload',
  async run({ quick }) {
    const documents = quick ? 40 : 1000
    const repeats = quick ? 1 : 2
    const settleMs = quick ? 500 : 1500
    let at = performance.now()
    const content = await idleContent(documents)
    console.log(
      `  each document holds a ${content.byteLength}-byte update (template ready in ${((performance.now() - at) / 1000).toFixed(1)} s)`,
    )
    const runs = new Map<string, IdleRun[]>(servers.map((s) => [s.name, []]))
    for (let repeat = 0; repeat < repeats; repeat++) {
      // The servers take turns, starting with a different one each repeat.
      for (let i = 0; i < servers.length; i++) {
        const kind = servers[(i + repeat) % servers.length]!
        at = performance.now()
        const run = await runIdle(kind, documents, content, settleMs)
        runs.get(kind.name)!.push(run)
        const per = (run.open.heapUsed - run.warmed.heapUsed) / run.documents / kib
        console.log(
          `  ${kind.name}: ${per.toFixed(1)} KiB heap per document, ${returned(run)}% returned after unload (${((performance.now() - at) / 1000).toFixed(1)} s)`,
        )
      }
    }
    return rowsOf(documents, runs)
  },
}

/** How much of the heap the open documents added was returned after unload, in percent. */
function returned(r: IdleRun): number {
  const added = r.open.heapUsed - r.baseline.heapUsed
  return Math.round((100 * (added - (r.unloaded.heapUsed - r.baseline.heapUsed))) / added)
}
