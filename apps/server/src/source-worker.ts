/**
 * The body of a source-import worker thread: it imports one source at a time with the
 * document package's importers and posts back the document as JSON, so that a parse that
 * loops, or runs longer than the server allows, can be stopped by terminating the thread
 * while the server's own thread goes on answering. source-importer.ts starts it.
 */
import { parentPort } from 'node:worker_threads'
import { ImportError, importSource } from '@warrant/document'
import type { SourceJob, SourceOutcome } from './source-importer'

const port = parentPort
if (!port) throw new Error('source-worker.ts runs in a worker thread only')

port.on('message', async (job: SourceJob) => {
  let outcome: SourceOutcome
  try {
    const { doc, record } = await importSource(job.bytes, job.type, job.options)
    outcome = { ok: true, doc: doc.toJSON(), record }
  } catch (error) {
    outcome =
      error instanceof ImportError
        ? { ok: false, code: error.code, message: error.message }
        : {
            ok: false,
            code: null,
            message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }
  }
  port.postMessage(outcome)
})

port.postMessage('ready')
