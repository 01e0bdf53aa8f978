/**
 * Crash faults: 20 writers (stock clients with `ack=1`) edit a document's text and annotations
 * at once while the real server process is killed with SIGKILL at a seeded moment. The store is
 * then read directly and through a restarted server, and the checker compares it with every
 * writer's recorded history: no update the server acknowledged or relayed may be missing. The
 * writers then reconnect, and what they had not seen acknowledged must be re-sent and stored.
 *
 * Replay one trial with WARRANT_SEED=<seed> (and `size` trials from there).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { startServer, type TestServer } from '../support/server'
import {
  type CheckResult,
  check,
  describeLosses,
  missingOf,
  type StoredState,
  storedStateOf,
} from './checker'
import { eventually } from './eventually'
import { acknowledgedOperations, type HistorySnapshot } from './history'
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

const trials = size(3, 50)
const writerCount = 20
const firstSeed = Number(process.env.WARRANT_SEED ?? 1)

/** What one trial recorded and found. */
interface Trial {
  seed: number
  rooms: DocumentRooms
  /** Checked against the store read directly after the kill. */
  atKill: CheckResult
  /** Checked against what the restarted server sends a fresh client. */
  served: CheckResult
  unacknowledgedAtKill: number
  storedAfterReconnect: number
  /** Every writer's history once all had reconnected and were saved. */
  final: HistorySnapshot[]
}

function statesOf(docs: Map<string, Y.Doc>): Map<string, StoredState> {
  return new Map([...docs].map(([room, doc]) => [room, storedStateOf(doc)]))
}

async function servedStates(
  server: TestServer,
  rooms: DocumentRooms,
): Promise<Map<string, StoredState>> {
  const docs = new Map<string, Y.Doc>()
  for (const room of [rooms.content, rooms.annotations])
    docs.set(room, await loadFromServer(server, room))
  return statesOf(docs)
}

/** Whether every writer holds an acknowledgement of all its own work. */
function saved(writers: readonly Writer[]): boolean {
  return writers.every((writer) => ownWorkSaved(writer.content) && ownWorkSaved(writer.annotations))
}

/** The operations no acknowledgement had covered, with their rooms. */
function unacknowledged(histories: readonly HistorySnapshot[]) {
  return histories.flatMap((history) => {
    const acknowledged = new Set(acknowledgedOperations(history))
    return history.operations
      .filter((operation) => !acknowledged.has(operation))
      .map((operation) => ({ room: history.room, operation }))
  })
}

/** One trial: write, kill, check the store, restart, reconnect, check again. */
async function crashTrial(
  server: TestServer,
  seed: number,
): Promise<{ trial: Trial; server: TestServer }> {
  const rooms = await createDocument(
    server,
    `Crash trial ${seed}`,
    trialMarkdown(`Crash trial ${seed}`),
  )
  const writers = await Promise.all(
    Array.from({ length: writerCount }, (_, i) => connectWriter(server, rooms, `writer-${i}`)),
  )
  try {
    return await killAndRecover(server, seed, rooms, writers)
  } finally {
    for (const writer of writers) writer.close()
  }
}

/** Kills the server while `writers` write; checks the store, restarts, reconnects, checks. */
async function killAndRecover(
  server: TestServer,
  seed: number,
  rooms: DocumentRooms,
  writers: Writer[],
): Promise<{ trial: Trial; server: TestServer }> {
  const gen = prng.create(seed)
  let writing = true
  const loops = writers.map(async (writer, i) => {
    const own = prng.create(seed * 1000 + i)
    while (writing) {
      randomOperation(own, docsOf(writer), writer.name)
      await sleep(prng.int32(own, 10, 80))
    }
  })
  await sleep(prng.int32(gen, 100, 2000))
  await server.kill()
  writing = false
  await Promise.all(loops)
  // Once a socket's close is read, every message the server sent before dying has been read.
  await eventually(() => writers.every((writer) => writer.offline), { within: 10_000 })
  for (const writer of writers) writer.disconnect()
  const histories = writers.flatMap((writer) => writer.snapshot())
  const atKill = check(
    histories,
    statesOf(loadFromStorage(server.dataDir, [rooms.content, rooms.annotations])),
  )

  const restarted = await startServer({ dataDir: server.dataDir, env: faultServerEnv })
  const servedCheck = check(histories, await servedStates(restarted, rooms))
  const pending = unacknowledged(histories)
  for (const writer of writers) writer.moveTo(restarted)
  let now = await servedStates(restarted, rooms)
  await eventually(
    async () => {
      now = await servedStates(restarted, rooms)
      const final = writers.flatMap((writer) => writer.snapshot())
      return saved(writers) && check(final, now, { everything: true }).lost.length === 0
    },
    { within: 30_000, every: 200 },
  )
  const storedAfterReconnect = pending.filter(
    ({ room, operation }) => missingOf(operation, now.get(room)!) === null,
  ).length
  const final = writers.flatMap((writer) => writer.snapshot())
  return {
    server: restarted,
    trial: {
      seed,
      rooms,
      atKill,
      served: servedCheck,
      unacknowledgedAtKill: pending.length,
      storedAfterReconnect,
      final,
    },
  }
}

describe('a server killed with SIGKILL while 20 writers edit text and annotations', () => {
  it(
    'loses no update it acknowledged or relayed, and stores what writers re-send after reconnecting',
    async () => {
      let server = await startServer({ env: faultServerEnv })
      const results: Trial[] = []
      try {
        for (let i = 0; i < trials; i++) {
          const outcome = await crashTrial(server, firstSeed + i)
          server = outcome.server
          results.push(outcome.trial)
          const { atKill, served: fromServer, seed } = outcome.trial
          expect(
            describeLosses(atKill.lost),
            `seed ${seed}: lost in the store after the kill`,
          ).toBe('')
          expect(
            describeLosses(fromServer.lost),
            `seed ${seed}: lost in the restarted server`,
          ).toBe('')
        }
      } finally {
        await server.stop()
      }
      // After the last stop, the store must hold every writer's work, acknowledged or re-sent.
      const afterStop = results.map((trial) =>
        check(
          trial.final,
          statesOf(loadFromStorage(server.dataDir, [trial.rooms.content, trial.rooms.annotations])),
          { everything: true },
        ),
      )
      const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
      const lost = sum(results.map((trial) => trial.atKill.lost.length + trial.served.lost.length))
      report('crash', {
        trials: results.length,
        writers: writerCount,
        acknowledged: sum(results.map((trial) => trial.atKill.acknowledged)),
        relayed: sum(results.map((trial) => trial.atKill.relayed)),
        acknowledgements: sum(results.map((trial) => trial.atKill.acknowledgements)),
        lost,
        unacknowledgedAtKill: sum(results.map((trial) => trial.unacknowledgedAtKill)),
        storedAfterReconnect: sum(results.map((trial) => trial.storedAfterReconnect)),
        lostAfterReconnect: sum(afterStop.map((result) => result.lost.length)),
      })
      for (const [i, result] of afterStop.entries()) {
        expect(
          describeLosses(result.lost),
          `seed ${results[i]!.seed}: missing from the store after reconnecting`,
        ).toBe('')
      }
      expect(lost).toBe(0)
      expect(sum(results.map((trial) => trial.storedAfterReconnect))).toBe(
        sum(results.map((trial) => trial.unacknowledgedAtKill)),
      )
    },
    timeout(120_000, 1_800_000),
  )
})
