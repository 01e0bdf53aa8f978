/**
 * Runs source imports (Markdown, HTML, plain text, PDF) in worker threads with a time limit
 * and a heap limit, because a crafted or merely huge file can keep a parser busy for as long as
 * it likes, and a parse on the server's own thread would stall every reader and room with it.
 * When time is up the worker is terminated, which stops even an endless loop, and the import
 * is refused with ImportError 'timeout'. Workers are reused while they are well, one import
 * each at a time; imports beyond the pool wait their turn (waiting is not counted as time).
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import {
  type CslItem,
  ImportError,
  type ImportErrorCode,
  type ImportedDocument,
  type ImportSourceOptions,
  type SourceType,
  schema,
} from '@warrant/document'

/** Limits of the importer. */
export interface SourceImporterOptions {
  /** How long one import may run, in ms; 0 for no limit. */
  timeoutMs: number
  /** Heap of each worker, in MiB (an import needing more is refused). */
  heapLimitMb: number
  /** Imports that may run at once (each in its own worker). */
  workers: number
  /** How long an idle worker is kept for the next import, in ms. */
  idleMs: number
}

/** The defaults: 20 s an import, two at a time. */
export const defaultSourceImporterOptions: SourceImporterOptions = {
  timeoutMs: 20_000,
  heapLimitMb: 1024,
  workers: 2,
  idleMs: 60_000,
}

/** One import, as posted to a worker. */
export interface SourceJob {
  bytes: Uint8Array
  type: SourceType
  options: ImportSourceOptions
}

/** A worker's answer: the document as JSON and its record, or the refusal (code null: a bug). */
export type SourceOutcome =
  | { ok: true; doc: unknown; record: Partial<CslItem> }
  | { ok: false; code: ImportErrorCode | null; message: string }

// Loading the worker (tsx, the document package, its parsers) is not the import's time.
const loadTimeoutMs = 60_000

// The worker is TypeScript. Node 20 applies no module loader hooks in worker threads, so a small
// CommonJS prelude registers tsx's require hook in the thread (which compiles TypeScript and ES
// modules as they are required) and requires the worker, which runs the same under tsx, vitest
// and plain node, as update-guard.ts's worker does with a CommonJS build.
const prelude = `
const { workerData } = require('node:worker_threads')
require(workerData.tsx).register()
require(workerData.module)
`

interface Pending {
  job: SourceJob
  settle: (outcome: SourceOutcome | Error) => void
}

/** A pool of import workers. */
export class SourceImporter {
  readonly options: SourceImporterOptions
  private readonly idle: Worker[] = []
  private readonly queue: Pending[] = []
  private readonly resting = new Map<Worker, { timer: NodeJS.Timeout; onExit: () => void }>()
  private running = 0
  private closed = false

  constructor(options: Partial<SourceImporterOptions> = {}) {
    this.options = { ...defaultSourceImporterOptions, ...options }
  }

  /** Imports a source in a worker; rejects with ImportError when refused or out of time. */
  async run(
    bytes: Uint8Array,
    type: SourceType,
    options: ImportSourceOptions = {},
  ): Promise<ImportedDocument> {
    if (this.closed) throw new Error('the importer is closed')
    // A copy of its own, so the worker can take the buffer without touching the caller's.
    const job: SourceJob = { bytes: bytes.slice(), type, options }
    const outcome = await new Promise<SourceOutcome | Error>((settle) => {
      this.queue.push({ job, settle })
      this.next()
    })
    if (outcome instanceof Error) throw outcome
    if (outcome.ok) return { doc: schema.nodeFromJSON(outcome.doc), record: outcome.record }
    if (outcome.code !== null) throw new ImportError(outcome.code, outcome.message)
    console.error(`Importing a ${type} source failed:`, outcome.message)
    throw new ImportError('corrupt', `the file could not be read as ${type}`)
  }

  /** Stops every worker; waiting and running imports are refused. */
  close(): void {
    this.closed = true
    for (const pending of this.queue.splice(0)) pending.settle(new Error('the server is closing'))
    for (const worker of this.idle.splice(0)) {
      this.wake(worker)
      void worker.terminate()
    }
  }

  private next(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.running < this.options.workers)) {
      const pending = this.queue.shift()!
      this.running += 1
      const worker = this.idle.pop()
      if (worker) this.wake(worker)
      void this.dispatch(pending, worker, (kept) => {
        this.running -= 1
        if (kept && !this.closed) this.rest(kept)
        else if (kept) void kept.terminate()
        this.next()
      })
    }
  }

  /**
   * Runs one import, and hands the worker back through `release` (null when it is gone) before
   * the import settles, so the next import finds it idle.
   */
  private async dispatch(
    pending: Pending,
    reused: Worker | undefined,
    release: (worker: Worker | null) => void,
  ): Promise<void> {
    let worker: Worker
    try {
      worker = reused ?? (await this.spawn())
    } catch (error) {
      release(null)
      pending.settle(error instanceof Error ? error : new Error(String(error)))
      return
    }
    worker.ref()
    await new Promise<void>((done) => {
      const { timeoutMs } = this.options
      const finish = (outcome: SourceOutcome | Error, reusable: boolean) => {
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        if (!reusable) void worker.terminate()
        release(reusable ? worker : null)
        pending.settle(outcome)
        done()
      }
      const onMessage = (outcome: SourceOutcome) => finish(outcome, true)
      const onError = (error: Error & { code?: string }) => {
        const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        const refusal = memory
          ? new ImportError(
              'too-large',
              'the file needs more memory to import than the server allows',
            )
          : error
        finish(refusal, false)
      }
      const onExit = () => finish(new Error('the import worker stopped'), false)
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              const seconds = timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`
              const refusal = new ImportError(
                'timeout',
                `the import took longer than ${seconds} and was stopped`,
              )
              finish(refusal, false)
            }, timeoutMs)
          : undefined
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage(pending.job, [pending.job.bytes.buffer as ArrayBuffer])
    })
  }

  /** A new worker, once it has loaded the importers. */
  private spawn(): Promise<Worker> {
    const require = createRequire(import.meta.url)
    const worker = new Worker(prelude, {
      eval: true,
      // The parent's loader flags are not inherited; the prelude registers tsx itself.
      execArgv: [],
      workerData: {
        tsx: require.resolve('tsx/cjs/api'),
        module: fileURLToPath(new URL('./source-worker.ts', import.meta.url)),
      },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapLimitMb },
    })
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer)
        worker.off('error', fail)
        worker.off('exit', exited)
        worker.off('message', started)
      }
      const fail = (error: Error) => {
        stop()
        void worker.terminate()
        reject(error)
      }
      const exited = (code: number) => fail(new Error(`the import worker exited (${code})`))
      const started = (message: unknown) => {
        stop()
        if (message === 'ready') resolve(worker)
        else fail(new Error('the import worker did not start'))
      }
      const timer = setTimeout(
        () => fail(new Error('the import worker did not start in time')),
        loadTimeoutMs,
      )
      worker.on('error', fail)
      worker.on('exit', exited)
      worker.on('message', started)
    })
  }

  /** Keeps a worker for the next import, for a while (and forgets it if it dies meanwhile). */
  private rest(worker: Worker): void {
    worker.unref()
    this.idle.push(worker)
    const retire = () => {
      this.wake(worker)
      const at = this.idle.indexOf(worker)
      if (at >= 0) this.idle.splice(at, 1)
      void worker.terminate()
    }
    const timer = setTimeout(retire, this.options.idleMs)
    timer.unref()
    worker.once('exit', retire)
    this.resting.set(worker, { timer, onExit: retire })
  }

  /** Takes a worker out of its rest (its idle timer and exit watch). */
  private wake(worker: Worker): void {
    const rest = this.resting.get(worker)
    if (!rest) return
    this.resting.delete(worker)
    clearTimeout(rest.timer)
    worker.off('exit', rest.onExit)
  }
}

let shared: SourceImporter | null = null

/** The process's importer (created with the defaults on first use). */
export function sharedSourceImporter(): SourceImporter {
  shared ??= new SourceImporter()
  return shared
}

/** Replaces the process's importer with one built from `options` (done once at server start). */
export function configureSourceImporter(options: Partial<SourceImporterOptions>): SourceImporter {
  shared?.close()
  shared = new SourceImporter(options)
  return shared
}
