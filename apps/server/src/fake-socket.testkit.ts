/**
 * A websocket stand-in for the room specifications: it records what the room sends, delivers
 * frames from its peer, and reads back the sync, awareness and stored messages it was sent.
 */
import { EventEmitter } from 'node:events'
import * as decoding from 'lib0/decoding'
import type { WebSocket } from 'ws'
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { messageAwareness, messageStored, messageSync } from './protocol'

/** Options of a fake socket. */
export interface FakeSocketOptions {
  /** Whether closing it ends it at once (it then emits `close`, as when its peer answers); default true. */
  answersClose?: boolean
}

/** A socket that takes what a room sends; `ws` is the same object typed as the room wants it. */
export class FakeSocket extends EventEmitter {
  readyState = 1
  bufferedAmount = 0
  readonly sent: Uint8Array[] = []
  closedWith: { code: number; reason: string } | null = null

  constructor(private readonly options: FakeSocketOptions = {}) {
    super()
  }

  /** The socket as a room takes it. */
  get ws(): WebSocket {
    // reason: a room uses only the on/send/close/terminate/ping/readyState part of a ws socket.
    return this as unknown as WebSocket
  }

  send(data: Uint8Array, done?: (error?: Error) => void): void {
    this.sent.push(data)
    done?.()
  }

  close(code = 1000, reason = ''): void {
    this.closedWith = { code, reason }
    if (this.options.answersClose === false) {
      this.readyState = 2
      return
    }
    this.readyState = 3
    this.emit('close')
  }

  terminate(): void {
    this.readyState = 3
    if (this.options.answersClose !== false) this.emit('close')
  }

  ping(): void {}

  /** Delivers a binary frame from the peer. */
  deliver(bytes: Uint8Array): void {
    this.emit('message', Buffer.from(bytes), true)
  }

  /** The bodies of the messages of one type it was sent, in order. */
  private bodies(type: number): decoding.Decoder[] {
    return this.sent.flatMap((bytes) => {
      const decoder = decoding.createDecoder(bytes)
      return decoding.readVarUint(decoder) === type ? [decoder] : []
    })
  }

  /** The state vectors of the stored acknowledgements received so far. */
  stored(): Array<Map<number, number>> {
    return this.bodies(messageStored).map((d) => Y.decodeStateVector(decoding.readVarUint8Array(d)))
  }

  /** The doc the sync messages it was sent (step 2 and updates) build. */
  received(): Y.Doc {
    const doc = new Y.Doc()
    for (const decoder of this.bodies(messageSync)) {
      if (decoding.readVarUint(decoder) !== 0)
        Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
    }
    return doc
  }

  /** The awareness client ids it was told are present, as a client tracks them. */
  present(): Set<number> {
    const awareness = new Awareness(new Y.Doc())
    for (const decoder of this.bodies(messageAwareness)) {
      applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server')
    }
    const ids = new Set(awareness.getStates().keys())
    ids.delete(awareness.clientID)
    awareness.destroy()
    return ids
  }
}
