/**
 * How a fan-out message is laid out on a Redis stream, and how stream ids compare: the reading
 * loop and the publisher must agree on both, and a malformed entry must be told apart from a
 * good one without throwing.
 */
import type { FanoutKind, FanoutMessage } from './fanout'

/** A stream id, `<ms>-<seq>`, as Redis writes it. */
export type StreamId = string

/** The fields of an entry, as `XADD` takes them after the id (data stays binary). */
export function entryFields(
  kind: FanoutKind,
  instance: string,
  data: Uint8Array,
): (string | Buffer)[] {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  return ['kind', kind, 'instance', instance, 'data', bytes]
}

/** The message an entry's fields hold, or a sentence saying what is wrong with them. */
export function parseEntry(fields: readonly Buffer[]): FanoutMessage | string {
  const values = new Map<string, Buffer>()
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!.toString(), fields[i + 1]!)
  const kind = values.get('kind')?.toString()
  const instance = values.get('instance')?.toString()
  const data = values.get('data')
  if (kind !== 'update' && kind !== 'awareness') return `its kind is ${kind ?? 'missing'}`
  if (!instance) return 'it names no instance'
  if (!data) return 'it has no data'
  return { kind, instance, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

/** The two numbers of a stream id; throws on anything else. */
function parts(id: StreamId): [bigint, bigint] {
  const match = /^(\d+)-(\d+)$/.exec(id)
  if (!match) throw new Error(`"${id}" is not a stream id (<ms>-<seq>)`)
  return [BigInt(match[1]!), BigInt(match[2]!)]
}

/** Negative when `a` comes before `b`, zero when equal, positive after. */
export function compareIds(a: StreamId, b: StreamId): number {
  const [am, as] = parts(a)
  const [bm, bs] = parts(b)
  if (am !== bm) return am < bm ? -1 : 1
  return as === bs ? 0 : as < bs ? -1 : 1
}

/** Whether `id` is a well-formed stream id. */
export function isStreamId(id: string): boolean {
  return /^\d+-\d+$/.test(id)
}

/**
 * A script returning a stream's first id, last id ('' when it has none) and length, so that no
 * entry's data travels just to learn its id.
 */
export const streamEdgesScript = `
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local firstId = ''
local lastId = ''
if #first > 0 then firstId = first[1][1] end
if #last > 0 then lastId = last[1][1] end
return {firstId, lastId, redis.call('XLEN', KEYS[1])}
`

/** What `streamEdgesScript` tells of a stream. */
export interface StreamEdges {
  first: StreamId | null
  last: StreamId | null
  length: number
}

/** Reads the reply of `streamEdgesScript`. */
export function parseEdges(reply: unknown): StreamEdges {
  if (!Array.isArray(reply) || reply.length !== 3) {
    throw new Error(`unexpected reply to the stream edges script: ${String(reply)}`)
  }
  const [first, last, length] = reply as [unknown, unknown, unknown]
  return {
    first: first ? String(first) : null,
    last: last ? String(last) : null,
    length: Number(length),
  }
}

/**
 * Whether entries after `position` may have been trimmed away (or lost with the stream). From
 * '0-0' (the stream was empty) only a stream grown to `maxLength` can have been trimmed; the
 * answer errs towards yes, which costs a re-read and loses nothing.
 */
export function trimmedPast(position: StreamId, edges: StreamEdges, maxLength: number): boolean {
  if (position === '0-0') return edges.length >= maxLength
  return edges.first === null || compareIds(edges.first, position) > 0
}
