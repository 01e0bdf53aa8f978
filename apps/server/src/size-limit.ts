/**
 * The body size limit of a route: a larger body is answered with 413. The rest of the body is
 * read and dropped first (up to a bound), because a client still sending when the server
 * closes the connection sees a broken pipe instead of the answer.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from './auth'
import { answerWith } from './errors'

/** How much of a refused body is read so that its sender gets the answer; beyond, it is cut off. */
const drainBytes = 64 * 1024 * 1024

/** Reads and drops the rest of a body; false when it is longer than `limit` or cannot be read. */
async function drain(body: ReadableStream<Uint8Array> | null, limit: number): Promise<boolean> {
  if (!body) return true
  let read = 0
  try {
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return true
      read += value.byteLength
      if (read > limit) {
        await reader.cancel()
        return false
      }
    }
  } catch {
    // A stream the limit itself cut short is already errored.
    return false
  }
}

/** A middleware answering bodies over `maxBytes` with 413 and `message`. */
export function sizeLimit(maxBytes: number, message: string): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: async (c: Context<AppEnv>) => {
      // A body cut off unread leaves the connection unable to carry another request.
      if (!(await drain(c.req.raw.body, drainBytes))) c.header('Connection', 'close')
      return answerWith(c, 413, message)
    },
  })
}
