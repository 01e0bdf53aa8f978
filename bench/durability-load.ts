/**
 * A load generator process of the durability scenario (`fork`ed by durability.ts, run under
 * tsx): it opens its share of the writers on plain sockets, each speaking just enough of its
 * server's protocol to send document updates at a steady rate, and records on the machine-wide
 * clock when each update was sent and, on Warrant, when the server's stored acknowledgement
 * covered it. The writers never apply what the server relays to them (they read and drop it), so
 * the load processes stay light while every server still relays each update to the room.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { annotationEntry } from './annotation-entry'
import type { Endpoint } from './connect'
import { seeded } from './measure'
import { machineNow } from './processes'

/** One writer: the room it writes to and, on Warrant, its reader token. */
export interface Writer {
  room: string
  token: string
}

/** What the harness tells a load process. */
export type DurabilityCommand =
  | { type: 'connect'; endpoint: Endpoint; writers: Writer[]; first: number }
  | { type: 'go'; perSecond: number }
  | { type: 'stop' }
  | { type: 'report' }
  | { type: 'close' }

/** An update sent, and when the stored acknowledgement covered it (NaN: not yet). */
export type Sent = [sentAt: number, storedAt: number]

/** What a load process answers. */
export type DurabilityReply =
  | { type: 'connected' }
  | { type: 'stopped' }
  | { type: 'report'; sent: Sent[] }

// Warrant's stored acknowledgement (apps/server/src/protocol.ts messageStored).
const messageStored = 4
const hocuspocusVersion = '4.7.0'

/** A connected writer: its doc, socket, and its sends in order. */
interface Connected {
  doc: Y.Doc
  socket: WebSocket
  sends: Array<{ end: number; sent: Sent }>
  /** The first send not yet covered by a stored acknowledgement. */
  unstored: number
}

const writers: Connected[] = []
const timers: NodeJS.Timeout[] = []
/** The number of this process's first writer among all the scenario's writers. */
let first = 0
let stopped = false

function reply(message: DurabilityReply): void {
  process.send!(message)
}

/** A y-websocket frame: a sync message (step 1 or update) with its payload. */
function syncFrame(step: 0 | 2, payload: Uint8Array, documentName?: string): Uint8Array {
  const encoder = encoding.createEncoder()
  // Hocuspocus prefixes every message with its document's name.
  if (documentName !== undefined) encoding.writeVarString(encoder, documentName)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** Hocuspocus's authentication message (an empty token; the peer has no hook checking it). */
function hocuspocusAuth(documentName: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, documentName)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarString(encoder, '')
  encoding.writeVarString(encoder, hocuspocusVersion)
  return encoding.toUint8Array(encoder)
}

/** Marks every send the acknowledged state vector covers as stored now. */
function onStored(writer: Connected, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== messageStored) return
  const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(writer.doc.clientID)
  if (stored === undefined) return
  const now = machineNow()
  while (writer.unstored < writer.sends.length && writer.sends[writer.unstored]!.end <= stored) {
    writer.sends[writer.unstored]!.sent[1] = now
    writer.unstored++
  }
}

/** Opens a writer and resolves once the server has answered it (it may then send). */
function open(endpoint: Endpoint, writer: Writer): Promise<Connected> {
  const hocuspocus = endpoint.protocol === 'hocuspocus'
  const query = writer.token ? `?token=${encodeURIComponent(writer.token)}&ack=1` : ''
  const url = hocuspocus ? endpoint.url : `${endpoint.url}/${writer.room}${query}`
  const socket = new WebSocket(url)
  socket.binaryType = 'nodebuffer'
  const connected: Connected = { doc: new Y.Doc(), socket, sends: [], unstored: 0 }
  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.once('open', () => {
      if (hocuspocus) socket.send(hocuspocusAuth(writer.room))
      const stateVector = Y.encodeStateVector(connected.doc)
      socket.send(syncFrame(0, stateVector, hocuspocus ? writer.room : undefined))
    })
    socket.once('message', () => resolve(connected))
    socket.on('message', (data: Buffer) => {
      if (!hocuspocus) onStored(connected, data)
    })
    connected.doc.on('update', (update: Uint8Array) => {
      socket.send(syncFrame(2, update, hocuspocus ? writer.room : undefined))
    })
  })
}

/** Makes a writer set one annotation-sized map entry `perSecond` times a second. */
function drive(writer: Connected, index: number, perSecond: number): void {
  const random = seeded(index + 1)
  const entries = writer.doc.getMap<unknown>('bench-durability')
  const periodMs = 1000 / perSecond
  let sequence = 0
  const send = () => {
    const sent: Sent = [machineNow(), Number.NaN]
    entries.set(`${index}-${sequence++}`, annotationEntry(random, index))
    writer.sends.push({ end: Y.getState(writer.doc.store, writer.doc.clientID), sent })
  }
  const start = () => {
    if (!stopped) timers.push(setInterval(send, periodMs))
  }
  timers.push(setTimeout(start, random.int(0, Math.floor(periodMs) - 1)))
}

process.on('message', async (command: DurabilityCommand) => {
  switch (command.type) {
    case 'connect':
      first = command.first
      writers.push(...(await Promise.all(command.writers.map((w) => open(command.endpoint, w)))))
      reply({ type: 'connected' })
      break
    case 'go':
      for (const [i, writer] of writers.entries()) drive(writer, first + i, command.perSecond)
      break
    case 'stop':
      stopped = true
      for (const timer of timers) clearInterval(timer)
      reply({ type: 'stopped' })
      break
    case 'report':
      reply({ type: 'report', sent: writers.flatMap((w) => w.sends.map((s) => s.sent)) })
      break
    case 'close':
      for (const writer of writers) writer.socket.close()
      process.exit(0)
  }
})
