/**
 * Convergence through the real server: per seed, 5 readers make random text edits and
 * annotation, comment and relation changes while their clients drop and regain the connection
 * at random (`provider.disconnect()` / `connect()`). Once all are back and quiet, every reader,
 * the server's copy, the copy a restarted server loads and the SQLite store itself must hold the
 * same document: the same ids, the same text and the same annotation records.
 *
 * Replay a divergent seed with WARRANT_SEED=<seed> (the run starts there).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { eventually } from './eventually'
import { fingerprint } from './fingerprint'
import { report, size, timeout } from './runs'
import {
  createDocument,
  type DocumentRooms,
  faultServerEnv,
  loadFromServer,
  loadFromStorage,
} from './stored-rooms'
import { randomOperation, trialMarkdown } from './workload'
import { connectWriter, docsOf, ownWorkSaved, type Writer } from './writer'

const seeds = size(25, 200)
const readerCount = 5
const steps = 80
const firstSeed = Number(process.env.WARRANT_SEED ?? 1)

/** How one seed ended. */
interface SeedRun {
  seed: number
  rooms: DocumentRooms
  /** The readers' common final state, or null when they did not converge with the server. */
  final: string | null
  /** What each reader and the server ended with, when they diverged. */
  divergent: string[]
  /** Edits made, and connections dropped or regained. */
  operations: number
  toggles: number
}

async function servedFingerprint(server: TestServer, rooms: DocumentRooms): Promise<string> {
  const [content, annotations] = await Promise.all([
    loadFromServer(server, rooms.content),
    loadFromServer(server, rooms.annotations),
  ])
  return fingerprint(content, annotations)
}

/** One seed: random edits with random disconnects, then everyone reconnects and quiesces. */
async function convergenceRun(server: TestServer, seed: number): Promise<SeedRun> {
  const gen = prng.create(seed)
  const title = `Convergence seed ${seed}`
  const rooms = await createDocument(server, title, trialMarkdown(title))
  const readers: Writer[] = []
  for (let i = 0; i < readerCount; i++) {
    readers.push(await connectWriter(server, rooms, `reader-${i}`))
  }
  const clients = readers.flatMap((reader) => [reader.content, reader.annotations])
  let operations = 0
  let toggles = 0
  try {
    for (let step = 0; step < steps; step++) {
      const reader = prng.oneOf(gen, readers)
      if (prng.int32(gen, 0, 9) === 0) {
        const client = prng.bool(gen) ? reader.content : reader.annotations
        if (client.provider.shouldConnect) client.provider.disconnect()
        else client.provider.connect()
        toggles += 1
      } else if (randomOperation(gen, docsOf(reader), reader.name) !== null) {
        operations += 1
      }
      // Sometimes the messages of a few steps travel together, sometimes one by one.
      if (prng.int32(gen, 0, 2) === 0) await sleep(prng.int32(gen, 0, 15))
    }
    for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()
    let served = ''
    const quiet = await eventually(
      async () => {
        const states = new Set(
          readers.map((reader) => fingerprint(reader.content.doc, reader.annotations.doc)),
        )
        if (states.size !== 1 || !clients.every(ownWorkSaved)) return false
        served = await servedFingerprint(server, rooms)
        return states.has(served)
      },
      { within: 15_000, every: 100 },
    )
    if (quiet) return { seed, rooms, final: served, divergent: [], operations, toggles }
    const divergent = readers.map(
      (reader) => `${reader.name}: ${fingerprint(reader.content.doc, reader.annotations.doc)}`,
    )
    divergent.push(`server: ${await servedFingerprint(server, rooms)}`)
    return { seed, rooms, final: null, divergent, operations, toggles }
  } finally {
    for (const reader of readers) reader.close()
  }
}

describe('readers editing with random disconnects through the real server', () => {
  it(
    'converge to one document that the server, a restarted server and the store all hold',
    async () => {
      let server = await startServer({ env: faultServerEnv })
      const runs: SeedRun[] = []
      try {
        for (let i = 0; i < seeds; i++) {
          const run = await convergenceRun(server, firstSeed + i)
          runs.push(run)
          if (run.final === null)
            console.log(`[reliability] convergence diverged at seed ${run.seed}`)
        }
        // The same data folder in a new process: every room is loaded from storage again.
        await server.stop()
        server = await startServer({ dataDir: server.dataDir, env: faultServerEnv })
        const afterRestart: number[] = []
        for (const run of runs) {
          if (run.final !== null && (await servedFingerprint(server, run.rooms)) !== run.final) {
            afterRestart.push(run.seed)
          }
        }
        await server.stop()
        const inStorage: number[] = []
        for (const run of runs) {
          if (run.final === null) continue
          const docs = loadFromStorage(server.dataDir, [run.rooms.content, run.rooms.annotations])
          const stored = fingerprint(docs.get(run.rooms.content)!, docs.get(run.rooms.annotations)!)
          if (stored !== run.final) inStorage.push(run.seed)
        }
        const divergent = runs.filter((run) => run.final === null)
        report('convergence', {
          seeds: runs.length,
          readers: readerCount,
          operations: runs.reduce((total, run) => total + run.operations, 0),
          disconnectsAndReconnects: runs.reduce((total, run) => total + run.toggles, 0),
          divergent: divergent.length,
          divergentAfterRestart: afterRestart.length,
          divergentInStorage: inStorage.length,
        })
        expect(
          divergent.map((run) => `seed ${run.seed}:\n${run.divergent.join('\n')}`).join('\n\n'),
          'readers or server diverged',
        ).toBe('')
        expect(afterRestart, 'seeds whose restarted server differs').toEqual([])
        expect(inStorage, 'seeds whose stored copy differs').toEqual([])
      } finally {
        await server.stop()
      }
    },
    timeout(120_000, 1_800_000),
  )
})
