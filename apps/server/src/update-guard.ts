/**
 * Bounds what one incoming document update may cost before `Y.applyUpdate` runs on a room's
 * document, because a crafted update can stall Yjs (yjs#687: loops and memory exhaustion inside
 * decoding; try/catch cannot stop a loop) and so every other document of the process.
 *
 * Two layers. Every update is first walked once with lib0, synchronously, the way Yjs's V1
 * reader will read it (see update-shape.ts): declared counts must fit the bytes that remain,
 * structs advance the clock, delete ranges are sorted, nothing trails the delete set, content is
 * of the kinds Warrant uses, and few items share one insertion point (the shape that makes
 * Yjs's conflict resolution quadratic). That pass is linear in the bytes and refuses malformed
 * updates before Yjs could half-apply them (it integrates structs before it reads deletions).
 * A valid update above a size threshold is then applied in a worker thread to a copy of the
 * document, with a time box and a heap limit: the worker is terminated when time is up, which
 * stops even an endless loop, and only an update whose trial finished is applied to the room.
 * Typing-sized updates take the first layer only and stay synchronous.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import * as Y from 'yjs'
import { inspectUpdate, type ShapeLimits, UpdateRefused, type UpdateShape } from './update-shape'

/** Limits of the guard. */
export interface UpdateGuardOptions extends ShapeLimits {
  /** How long the trial of a large update may run, in ms. */
  timeoutMs: number
  /** Heap of the trial worker, in MiB (an update needing more is refused). */
  heapLimitMb: number
  /** Updates whose structs take more bytes than this are tried in the worker first. */
  trialAboveBytes: number
  /** Updates with more structs than this are tried in the worker first. */
  trialAboveStructs: number
  /** Updates with more items placed without neighbours than this are tried first. */
  trialAboveUnanchored: number
}

/** The defaults: generous to real editing, tight on crafted shapes. */
export const defaultUpdateGuardOptions: UpdateGuardOptions = {
  timeoutMs: 1000,
  heapLimitMb: 512,
  trialAboveBytes: 32 * 1024,
  trialAboveStructs: 256,
  trialAboveUnanchored: 64,
  maxRootTypes: 64,
  maxSiblings: 32,
  maxDepth: 64,
}

/** Whether an update may be applied; a refusal carries the websocket close code and reason. */
export type UpdateVerdict = { ok: true } | { ok: false; code: 1002 | 1008; reason: string }

const accepted: UpdateVerdict = { ok: true }

/** Checks updates: synchronously when small, through a timed trial in a worker when large. */
export class UpdateGuard {
  readonly options: UpdateGuardOptions
  private readonly trials: TrialWorker

  constructor(options: Partial<UpdateGuardOptions> = {}) {
    this.options = { ...defaultUpdateGuardOptions, ...options }
    this.trials = new TrialWorker(this.options.timeoutMs, this.options.heapLimitMb)
  }

  /** The verdict on `update` for `doc`: at once for small updates, else once the trial ends. */
  check(doc: Y.Doc, update: Uint8Array): UpdateVerdict | Promise<UpdateVerdict> {
    const { options } = this
    let shape: UpdateShape
    try {
      shape = inspectUpdate(update, options)
    } catch (error) {
      if (error instanceof UpdateRefused)
        return { ok: false, code: error.code, reason: error.message }
      return { ok: false, code: 1002, reason: 'malformed update' }
    }
    let roots = doc.share.size
    for (const name of shape.roots) if (!doc.share.has(name)) roots += 1
    if (roots > options.maxRootTypes) {
      return {
        ok: false,
        code: 1008,
        reason: `a document has at most ${options.maxRootTypes} root types`,
      }
    }
    const large =
      shape.structBytes > options.trialAboveBytes ||
      shape.structs > options.trialAboveStructs ||
      shape.unanchored > options.trialAboveUnanchored
    if (!large) return accepted
    return this.trials.run(Y.encodeStateAsUpdate(doc), update)
  }

  /** Stops the trial worker (pending trials are refused). */
  close(): void {
    this.trials.close()
  }
}

let shared: UpdateGuard | null = null

/** The process's guard: every room shares its one trial worker. */
export function sharedUpdateGuard(): UpdateGuard {
  shared ??= new UpdateGuard()
  return shared
}

/** Replaces the process's guard with one built from `options` (done once at server start). */
export function configureUpdateGuard(options: Partial<UpdateGuardOptions>): UpdateGuard {
  shared?.close()
  shared = new UpdateGuard(options)
  return shared
}

// The worker is plain CommonJS evaluated from a string, so it runs the same under tsx, vitest
// and plain node, and loads Yjs's CommonJS build by absolute path.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Y = require(workerData.yjs)
parentPort.on('message', ({ state, update }) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  parentPort.postMessage('ready')
  try {
    Y.applyUpdate(doc, update)
    parentPort.postMessage('done')
  } catch {
    parentPort.postMessage('failed')
  }
  doc.destroy()
})
`

interface Trial {
  state: Uint8Array
  update: Uint8Array
  settle: (verdict: UpdateVerdict) => void
}

/** One worker thread that tries updates one at a time, each against a copy of its document. */
class TrialWorker {
  private worker: Worker | null = null
  private readonly queue: Trial[] = []
  private current: Trial | null = null
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly timeoutMs: number,
    private readonly heapLimitMb: number,
  ) {}

  run(state: Uint8Array, update: Uint8Array): Promise<UpdateVerdict> {
    return new Promise((settle) => {
      // A view may share its buffer with the rest of the frame; only the update is sent.
      this.queue.push({ state, update: update.slice(), settle })
      this.next()
    })
  }

  close(): void {
    for (const trial of this.queue.splice(0)) trial.settle(refused('the server is shutting down'))
    const worker = this.worker
    this.worker = null
    void worker?.terminate()
    this.finish(refused('the server is shutting down'))
  }

  private next(): void {
    if (this.current) return
    const trial = this.queue.shift()
    if (!trial) return
    this.current = trial
    const worker = this.spawn()
    // Loading the copy is Yjs reading its own encoding; only the update itself is time-boxed,
    // but a copy that cannot load within many time boxes refuses the update all the same.
    this.arm(Math.max(10_000, this.timeoutMs * 10), 'the document could not be copied in time')
    worker.postMessage({ state: trial.state, update: trial.update })
  }

  private spawn(): Worker {
    if (this.worker) return this.worker
    const yjs = createRequire(import.meta.url).resolve('yjs')
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { yjs },
      resourceLimits: { maxOldGenerationSizeMb: this.heapLimitMb },
    })
    worker.unref()
    worker.on('message', (message: string) => {
      // A worker cut off at its time box may still have a message on the way.
      if (this.worker !== worker) return
      if (message === 'ready') {
        this.arm(this.timeoutMs, `the update took longer than ${this.timeoutMs} ms to apply`)
      } else if (message === 'done') {
        this.finish(accepted)
      } else {
        this.finish({ ok: false, code: 1002, reason: 'the update could not be applied' })
      }
    })
    worker.on('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      this.drop(worker, refused(memory ? 'the update needs too much memory' : 'the update failed'))
    })
    worker.on('exit', () => this.drop(worker, refused('the update could not be tried')))
    this.worker = worker
    return worker
  }

  private arm(ms: number, reason: string): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      const worker = this.worker
      this.worker = null
      void worker?.terminate()
      this.finish(refused(reason))
    }, ms)
  }

  /** Forgets a worker that died and refuses the trial it was running. */
  private drop(worker: Worker, verdict: UpdateVerdict): void {
    if (this.worker !== worker) return
    this.worker = null
    this.finish(verdict)
  }

  private finish(verdict: UpdateVerdict): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const trial = this.current
    this.current = null
    trial?.settle(verdict)
    this.next()
  }
}

function refused(reason: string): UpdateVerdict {
  return { ok: false, code: 1008, reason }
}
