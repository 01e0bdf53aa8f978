/**
 * The cold-load scenario: a document whose store holds many small edits (cold-store.ts), opened
 * by one client on a server process that has just started. Each timed run copies the store
 * (a first load may compact it), starts a fresh server process on the copy, lets one client sync
 * another room (a process's first connection loads and compiles its sync code, which is not the
 * document's load), and times a stock client from connecting to holding the whole document
 * (synced, with every edit's state; the reference server syncs before its y-leveldb load lands,
 * so its run ends when the content does). Warrant is held to the floor, decoding the compacted
 * snapshot in this process, and compared with the reference server on y-leveldb and Hocuspocus
 * with its SQLite extension.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONTENT_FRAGMENT } from '@warrant/document'
import * as Y from 'yjs'
import { startServer } from '../tests/support/server'
import {
  type StoredEdits,
  typeEdits,
  warrantRoomState,
  writeHocuspocusSqlite,
  writeLeveldb,
  writeWarrantRoom,
} from './cold-store'
import { type BenchClient, connect, type Endpoint } from './connect'
import { type BenchRow, measure, median, row, type Scenario } from './measure'
import { documentId, type RunningServer, servers } from './servers'

/** The room loaded: the brief's content, where the edits are typed. */
const room = `${documentId}.content`
/** The room a fresh server process first serves, before the timed load. */
const warmRoom = `${documentId}.annotations`

/** A store on disk and how to start a server on a fresh copy of it. */
interface ColdVariant {
  name: string
  /** The store (a folder or a file) every run copies. */
  store: string
  start(copy: string): Promise<RunningServer>
}

/** Whether a doc holds every edit: its state vector reaches the final one. */
function holdsAll(doc: Y.Doc, target: Map<number, number>): boolean {
  const state = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [client, clock] of target) if ((state.get(client) ?? 0) < clock) return false
  return true
}

/** Resolves once the client's doc holds every edit. */
function complete(client: BenchClient, target: Map<number, number>): Promise<void> {
  if (holdsAll(client.doc, target)) return Promise.resolve()
  return new Promise((resolve) => {
    const check = () => {
      if (!holdsAll(client.doc, target)) return
      client.doc.off('update', check)
      resolve()
    }
    client.doc.on('update', check)
  })
}

/** One cold run: a fresh server on a fresh copy of the store; ms from connect to complete. */
async function coldRun(variant: ColdVariant, edits: StoredEdits): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'warrant-cold-'))
  const copy = join(dir, 'store')
  await cp(variant.store, copy, { recursive: true })
  const server = await variant.start(copy)
  try {
    // The process's first connection loads and compiles its sync code; that is not the load.
    const warm = await connect(server.endpoint, warmRoom, 0)
    const target = Y.decodeStateVector(edits.stateVector)
    const start = performance.now()
    const client = await connect(server.endpoint, room, 0)
    await complete(client, target)
    const ms = performance.now() - start
    const text = client.doc.getXmlFragment(CONTENT_FRAGMENT).toString()
    client.close()
    warm.close()
    if (text !== edits.text) throw new Error(`${variant.name} loaded different content`)
    return ms
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Writes the edits into each server's store; returns the variants, Warrant first. */
async function storeEdits(count: number): Promise<{ edits: StoredEdits; variants: ColdVariant[] }> {
  // Warrant's data folder: the seeded document and a reader token, then the edits' log rows.
  const seededServer = await servers[0]!.start({ readers: 1 })
  const { dataDir, token: ownerToken } = seededServer.warrant!
  const tokens = seededServer.endpoint.tokens
  await seededServer.stop()
  const database = join(dataDir, 'warrant.sqlite')
  const edits = typeEdits(warrantRoomState(database, room), CONTENT_FRAGMENT, count)
  await writeWarrantRoom(database, room, edits)
  const peerDir = await mkdtemp(join(tmpdir(), 'warrant-cold-peers-'))
  const leveldb = join(peerDir, 'leveldb')
  await writeLeveldb(leveldb, room, edits)
  const sqlite = join(peerDir, 'hocuspocus.sqlite')
  writeHocuspocusSqlite(sqlite, room, edits)
  const [, reference, hocuspocus] = servers
  const variants: ColdVariant[] = [
    {
      name: 'Warrant',
      store: dataDir,
      async start(copy) {
        const server = await startServer({ dataDir: copy, ownerToken })
        const endpoint: Endpoint = { protocol: 'y-websocket', url: server.syncUrl, tokens }
        return { pid: server.pid, endpoint, warrant: server, stop: () => server.stop() }
      },
    },
    {
      name: reference!.name,
      store: leveldb,
      start: (copy) => reference!.start({ readers: 1, env: { YPERSISTENCE: copy } }),
    },
    {
      name: hocuspocus!.name,
      store: sqlite,
      start: (copy) => hocuspocus!.start({ readers: 1, env: { HOCUSPOCUS_SQLITE: copy } }),
    },
  ]
  return { edits, variants }
}

export const coldLoadScenario: Scenario = {
  name: 'cold-load',
  describe: 'a fresh server process loads a document of many stored edits for one client',
  async run({ quick }): Promise<BenchRow[]> {
    const count = quick ? 3_000 : 100_000
    const warmup = quick ? 0 : 1
    const repeat = quick ? 1 : 5
    const { edits, variants } = await storeEdits(count)
    const runs: Record<string, number[]> = {}
    for (const variant of variants) {
      for (let i = 0; i < warmup; i++) await coldRun(variant, edits)
      const times: number[] = []
      for (let i = 0; i < repeat; i++) times.push(await coldRun(variant, edits))
      runs[variant.name] = times
    }
    runs.floor = measure(() => Y.applyUpdate(new Y.Doc(), edits.compacted), {
      warmup: 3,
      repeat: 15,
    })
    const warrant = median(runs.Warrant!)
    const floor = median(runs.floor)
    const notes = {
      edits: count,
      'Warrant log rows': edits.logged,
      'snapshot KiB': Math.round(edits.compacted.byteLength / 1024),
      'Warrant ÷ floor': Number((warrant / floor).toFixed(2)),
    }
    const input = `${count.toLocaleString('en-US')} stored edits`
    const peers = Object.fromEntries(
      variants.slice(1).map((variant) => [variant.name, median(runs[variant.name]!)]),
    )
    return [
      row({
        scenario: 'cold-load',
        input,
        metric: 'ms from connect to synced',
        warrant,
        peers,
        floor,
        runs,
        notes,
      }),
      row({
        scenario: 'cold-load',
        input,
        metric: 'ms from connect to synced, to the floor',
        warrant,
        floor,
        target: '≤ 1.1× floor',
        runs,
        notes,
      }),
    ]
  },
}
