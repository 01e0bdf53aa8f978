/**
 * The y-websocket wire format (as the stock client speaks it, plus Warrant's stored
 * acknowledgement): message types and the encoders and decoders of the messages the server
 * sends and inspects.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { type AwarenessEntry, decodeAwarenessEntries } from './awareness-guard'

/** A y-protocols sync message (step 1, step 2 or update follows). */
export const messageSync = 0
/** An awareness update. */
export const messageAwareness = 1
/** An auth message (the server uses it to refuse a write). */
export const messageAuth = 2
/** A request for the current awareness states. */
export const messageQueryAwareness = 3
/**
 * Warrant's own: the server's stored acknowledgement, the state vector of what it has committed
 * to storage. Sent only to connections that opted in with `ack=1` (stock clients do not know it).
 */
export const messageStored = 4

/** SyncStep1: the server's state vector, asking the client for what it lacks. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** SyncStep2: what the client lacks, given its state vector. */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return encoding.toUint8Array(encoder)
}

/** A document update to relay. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** The awareness states of `clients` (an empty list gives a no-op message, used as keepalive). */
export function awarenessMessage(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

/** The stored acknowledgement: every update covered by `stateVector` is committed to storage. */
export function storedMessage(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageStored)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** A refused write; the stock client logs the reason. */
export function permissionDeniedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAuth)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** A message from a client, decoded as far as the server needs. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array /** a SyncStep2 (reply to ours) */; reply: boolean }
  | { type: 'awareness'; entries: AwarenessEntry[] }
  | { type: 'query-awareness' }
  | { type: 'auth' }

/** Decodes a client frame; throws a MalformedMessage for anything else. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case messageSync: {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === syncProtocol.messageYjsSyncStep1) {
          return { type: 'sync-step1', stateVector: payload }
        }
        if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          return {
            type: 'sync-update',
            update: payload,
            reply: step === syncProtocol.messageYjsSyncStep2,
          }
        }
        throw new MalformedMessage(`unknown sync message ${step}`)
      }
      case messageAwareness: {
        const update = decoding.readVarUint8Array(decoder)
        return { type: 'awareness', entries: decodeAwarenessEntries(update) }
      }
      case messageQueryAwareness:
        return { type: 'query-awareness' }
      case messageAuth:
        return { type: 'auth' }
      default:
        throw new MalformedMessage(`unknown message type ${type}`)
    }
  } catch (error) {
    if (error instanceof MalformedMessage) throw error
    throw new MalformedMessage('truncated message')
  }
}

/** A frame that is not a y-websocket message. */
export class MalformedMessage extends Error {
  override readonly name = 'MalformedMessage'
}

/**
 * Whether applying an update would change `doc`: it holds items `doc` has not seen, or deletes
 * items of `doc` that are not deleted yet. A read-only client's reply to SyncStep1 carries its
 * whole delete set, which changes nothing when the client only ever read.
 */
export function wouldChange(doc: Y.Doc, update: Uint8Array): boolean {
  const ours = Y.decodeStateVector(Y.encodeStateVector(doc))
  // encodeStateVectorFromUpdate skips clients whose structs do not start at clock 0, so an
  // incremental update would look empty: read the structs themselves.
  const { structs, ds } = Y.decodeUpdate(update)
  for (const struct of structs) {
    const known = ours.get(struct.id.client) ?? 0
    if (!(struct instanceof Y.Skip) && struct.id.clock + struct.length > known) return true
  }
  if (ds.clients.size === 0) return false
  const deleted = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, ranges] of ds.clients) {
    const known = ours.get(client) ?? 0
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, known)
      for (let at = clock; at < end; at++) {
        if (!Y.isDeleted(deleted, Y.createID(client, at))) return true
      }
    }
  }
  return false
}
