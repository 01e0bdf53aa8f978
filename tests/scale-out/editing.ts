/**
 * The editing session of the scale-out tests: writers (stock y-websocket clients with `ack=1`,
 * each recording its history, each with an editor token minted over the API) making seeded
 * random edits to a document's text and annotations until told to stop; the wait until every
 * writer and the state stored in PostgreSQL hold the same document; the checker's verdict
 * against that stored state; and the one figures line each test prints.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import * as prng from 'lib0/prng'
import type * as Y from 'yjs'
import { type CheckOptions, type CheckResult, check, storedStateOf } from '../reliability/checker'
import { eventually } from '../reliability/eventually'
import { fingerprint } from '../reliability/fingerprint'
import type { DocumentRooms } from '../reliability/stored-rooms'
import { randomOperation } from '../reliability/workload'
import { connectWriter, docsOf, ownWorkSaved, type Writer } from '../reliability/writer'
import type { Cluster } from './cluster'

/** Seeded random edits by every writer at once, from construction until `stop`. */
export class Editing {
  private writing = true
  private made = 0
  private readonly loops: Array<Promise<void>>

  constructor(writers: readonly Writer[], seed: number) {
    this.loops = writers.map(async (writer, i) => {
      const gen = prng.create(seed * 1000 + i)
      while (this.writing) {
        if (randomOperation(gen, docsOf(writer), writer.name) !== null) this.made++
        await sleep(prng.int32(gen, 10, 60))
      }
    })
  }

  /** How many edits were made so far. */
  get edits(): number {
    return this.made
  }

  /** Stops every writer and resolves with how many edits were made. */
  async stop(): Promise<number> {
    this.writing = false
    await Promise.all(this.loops)
    return this.made
  }
}

/** Connects one writer to each endpoint's `syncUrl`, each with an editor token of its own. */
export async function connectWriters(
  cluster: Cluster,
  rooms: DocumentRooms,
  syncUrls: readonly string[],
  name = 'writer',
): Promise<Writer[]> {
  return Promise.all(
    syncUrls.map(async (syncUrl, i) => {
      const label = `${name}-${i}`
      const token = await cluster.mintToken(label)
      return connectWriter({ syncUrl, token }, rooms, label)
    }),
  )
}

/** A document's two rooms as PostgreSQL holds them. */
export async function storedDocs(
  cluster: Cluster,
  rooms: DocumentRooms,
): Promise<{ content: Y.Doc; annotations: Y.Doc }> {
  const [content, annotations] = await Promise.all([
    cluster.storedDoc(rooms.content),
    cluster.storedDoc(rooms.annotations),
  ])
  return { content, annotations }
}

/** The writers' histories so far, checked against what PostgreSQL holds now. */
export async function checkStored(
  cluster: Cluster,
  rooms: DocumentRooms,
  writers: readonly Writer[],
  options: CheckOptions = {},
): Promise<CheckResult> {
  const histories = writers.flatMap((writer) => writer.snapshot())
  const stored = await storedDocs(cluster, rooms)
  const states = new Map([
    [rooms.content, storedStateOf(stored.content)],
    [rooms.annotations, storedStateOf(stored.annotations)],
  ])
  stored.content.destroy()
  stored.annotations.destroy()
  return check(histories, states, options)
}

/** What a wait for convergence found. */
export interface Convergence {
  converged: boolean
  /** How long the wait took, in ms. */
  ms: number
  /** What still differed when it gave up (empty once converged). */
  detail: string
}

/**
 * Waits until every writer holds an acknowledgement of all its own work and every writer and
 * PostgreSQL hold the same document (ids, text, codebook, annotations, relations, comments).
 */
export async function converge(
  cluster: Cluster,
  rooms: DocumentRooms,
  writers: readonly Writer[],
  withinMs = 30_000,
): Promise<Convergence> {
  const started = Date.now()
  let detail = ''
  const converged = await eventually(
    async () => {
      const unsaved = writers.filter(
        (writer) => !ownWorkSaved(writer.content) || !ownWorkSaved(writer.annotations),
      )
      const stored = await storedDocs(cluster, rooms)
      const expected = fingerprint(stored.content, stored.annotations)
      stored.content.destroy()
      stored.annotations.destroy()
      const differing = writers.filter(
        (writer) => fingerprint(writer.content.doc, writer.annotations.doc) !== expected,
      )
      detail = [
        unsaved.length > 0 ? `unsaved: ${unsaved.map((writer) => writer.name).join(', ')}` : '',
        differing.length > 0
          ? `differing from PostgreSQL: ${differing.map((writer) => writer.name).join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join('; ')
      return detail === ''
    },
    { within: withinMs, every: 200 },
  )
  return { converged, ms: Date.now() - started, detail }
}

/**
 * Polls until `condition` holds; throws naming `what` when `withinMs` pass first, so that a
 * stuck step fails with the instances' output rather than at the test's timeout.
 */
export async function waitUntil(
  what: string,
  condition: () => boolean,
  withinMs = 20_000,
): Promise<void> {
  if (!(await eventually(condition, { within: withinMs }))) {
    throw new Error(`gave up after ${withinMs} ms waiting until ${what}`)
  }
}

/** Prints one test's figures on one line the output can be searched for. */
export function report(test: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([name, value]) => `${name}=${value}`)
  console.log(`[scale-out] ${test}: ${parts.join(' ')}`)
}
