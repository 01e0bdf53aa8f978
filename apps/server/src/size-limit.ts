/**
 * The body size limit of a route: a larger body is answered with 413. The rest of the body is
 * read and dropped first (up to a bound), because a client still sending when the server
 * closes the connection sees a broken pipe, or a reset that discards the answer, instead of it.
 * Hono's `bodyLimit` calls its error handler while it still holds the body's reader, so a chunked
 * body could not be drained there; this middleware keeps the reader and drains with it.
 */
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './auth'
import { answerWith } from './errors'

/** How much of a refused body is read so that its sender gets the answer; beyond, it is cut off. */
const drainBytes = 64 * 1024 * 1024

/** Reads and drops the rest of a body; false when more than `limit` bytes or it fails. */
async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
): Promise<boolean> {
  let read = 0
  try {
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
    return false
  }
}

/** A middleware answering bodies over `maxBytes` with 413 and `message`. */
export function sizeLimit(maxBytes: number, message: string): MiddlewareHandler<AppEnv> {
  const refuse = async (c: Context<AppEnv>, reader: ReadableStreamDefaultReader<Uint8Array>) => {
    // A body cut off unread leaves the connection unable to carry another request.
    if (!(await drain(reader, drainBytes))) c.header('Connection', 'close')
    return answerWith(c, 413, message)
  }
  return async (c, next) => {
    const body = c.req.raw.body
    if (!body) return next()
    const headers = c.req.raw.headers
    const declared = headers.has('transfer-encoding') ? null : headers.get('content-length')
    if (declared !== null) {
      if (Number.parseInt(declared, 10) > maxBytes) return refuse(c, body.getReader())
      return next()
    }
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) return refuse(c, reader)
      chunks.push(value)
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) })
    return next()
  }
}
