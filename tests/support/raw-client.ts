/**
 * A raw websocket that speaks the y-websocket protocol frame by frame, for tests that send
 * what no stock client would (a viewer's writes, spoofed awareness, broken frames) and read
 * exactly what the server answers.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'

/** The y-websocket message types. */
export const messageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, stored: 4 }

/** The sync protocol's steps. */
export const syncStep = { step1: 0, step2: 1, update: 2 }

interface Received {
  type: number
  decoder: decoding.Decoder
}

/** A raw y-websocket connection with its incoming messages queued by `next`. */
export class RawClient {
  readonly ws: WebSocket
  /** The type of every message received, in order. */
  readonly types: number[] = []
  readonly opened: Promise<void>
  readonly closed: Promise<{ code: number; reason: string }>
  private readonly queue: Received[] = []
  private waiting: { resolve: (message: Received) => void; reject: (error: Error) => void } | null =
    null
  private closedWith: string | null = null

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      const message = { type: decoding.readVarUint(decoder), decoder }
      this.types.push(message.type)
      const waiting = this.waiting
      this.waiting = null
      if (waiting) waiting.resolve(message)
      else this.queue.push(message)
    })
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('error', reject)
    })
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.closedWith = `the server closed the socket: ${code} ${reason.toString()}`
        this.waiting?.reject(new Error(this.closedWith))
        this.waiting = null
        resolve({ code, reason: reason.toString() })
      })
    })
  }

  /** The next message of `type` (earlier ones of other types are skipped); rejects once closed. */
  async next(type: number): Promise<decoding.Decoder> {
    for (;;) {
      const message = this.queue.shift() ?? (await this.arrival())
      if (message.type === type) return message.decoder
    }
  }

  private arrival(): Promise<Received> {
    if (this.closedWith !== null) return Promise.reject(new Error(this.closedWith))
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
    })
  }

  send(bytes: Uint8Array | string): void {
    this.ws.send(bytes)
  }

  /** Asks for the server's SyncStep2 and waits for it: every earlier frame has been handled. */
  async roundTrip(): Promise<void> {
    await this.opened
    this.send(syncFrame(syncStep.step1, Y.encodeStateVector(new Y.Doc())))
    for (;;) {
      const decoder = await this.next(messageType.sync)
      if (decoding.readVarUint(decoder) === syncStep.step2) return
    }
  }

  /** The document the server sent in its first SyncStep2 reply, as a fresh Y.Doc. */
  async load(): Promise<Y.Doc> {
    await this.opened
    this.send(syncFrame(syncStep.step1, Y.encodeStateVector(new Y.Doc())))
    for (;;) {
      const decoder = await this.next(messageType.sync)
      if (decoding.readVarUint(decoder) !== syncStep.step2) continue
      const doc = new Y.Doc()
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
      return doc
    }
  }

  close(): void {
    this.ws.terminate()
  }
}

/** A sync frame: step 1 (a state vector), step 2 or update (an update). */
export function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageType.sync)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** One entry of an awareness update; a null state removes the client. */
export interface AwarenessEntry {
  client: number
  clock: number
  state: unknown
}

/** An awareness frame of `entries`. */
export function awarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.client)
    encoding.writeVarUint(inner, entry.clock)
    encoding.writeVarString(inner, JSON.stringify(entry.state))
  }
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, messageType.awareness)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** The entries of a received awareness message. */
export function readAwareness(decoder: decoding.Decoder): AwarenessEntry[] {
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const count = decoding.readVarUint(update)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(update)
    const clock = decoding.readVarUint(update)
    entries.push({ client, clock, state: JSON.parse(decoding.readVarString(update)) })
  }
  return entries
}
