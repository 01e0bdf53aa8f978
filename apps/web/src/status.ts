/**
 * The connection and saved state of a document's rooms in words: connecting, online and saved,
 * online and saving, reconnecting or offline with the number of the reader's changes the server
 * has not yet stored, or disconnected for good. "Saved" is never a guess: it is shown only when
 * the server's acknowledged state vector covers every change this tab made, in both rooms.
 */
import * as Y from 'yjs'
import type { LiveRoom } from './collaboration'

/** What the status element's `data-state` says. */
export type ConnectionState =
  | 'connecting'
  | 'saving'
  | 'saved'
  | 'reconnecting'
  | 'offline'
  | 'closed'

/** The reader's change waiting for the server: the clocks it needs stored. */
interface PendingChange {
  needs: Map<number, number>
}

function changes(n: number): string {
  if (n === 0) return 'no unsaved changes'
  return `${n} ${n === 1 ? 'change' : 'changes'} not saved`
}

function covers(stored: Map<number, number>, needs: Map<number, number>): boolean {
  for (const [client, clock] of needs) if ((stored.get(client) ?? 0) < clock) return false
  return true
}

function isPersistence(origin: unknown): boolean {
  // y-indexeddb loading a store is not a change; it is already in the doc or on the server.
  return typeof origin === 'object' && origin !== null && 'whenSynced' in origin
}

/** The words for a state; `pending` is the number of changes the server has not stored. */
export function statusText(state: ConnectionState, pending: number, reason = ''): string {
  switch (state) {
    case 'connecting':
      return 'Connecting…'
    case 'saving':
      return pending > 0 ? `Online · saving ${pending}…` : 'Online · saving…'
    case 'saved':
      return 'Online · saved'
    case 'reconnecting':
      return `Reconnecting · ${changes(pending)}`
    case 'offline':
      return `Offline · ${changes(pending)}`
    case 'closed':
      return reason === '' ? 'Disconnected · reload to reconnect' : `Disconnected · ${reason}`
  }
}

/** Keeps `element` describing the state of `rooms`; returns a stop function. */
export function watchStatus(rooms: LiveRoom[], element: HTMLElement): () => void {
  let everConnected = false
  const pending = new Map<LiveRoom, PendingChange[]>(rooms.map((room) => [room, []]))

  const render = (): void => {
    const count = [...pending.values()].reduce((sum, list) => sum + list.length, 0)
    const closed = rooms.map((room) => room.closed()).find((close) => close !== null) ?? null
    const connected = rooms.every((room) => room.provider.wsconnected)
    if (connected) everConnected = true
    let state: ConnectionState
    if (closed !== null) state = 'closed'
    else if (!navigator.onLine) state = 'offline'
    else if (!connected) state = everConnected ? 'reconnecting' : 'connecting'
    else if (rooms.some((room) => !room.provider.synced || room.stored() === null)) state = 'saving'
    else state = count > 0 ? 'saving' : 'saved'
    element.textContent = statusText(state, count, closed?.reason ?? '')
    element.dataset.state = state
    element.dataset.pending = String(count)
    element.title =
      state === 'offline' || state === 'reconnecting'
        ? 'Your changes are kept in this browser and sent when the connection returns.'
        : state === 'saved'
          ? 'The server has stored every change you made.'
          : ''
  }

  const stops: Array<() => void> = []
  for (const room of rooms) {
    const list = pending.get(room)!
    // Every change of this tab, or merged from this browser's store, waits for an acknowledgement.
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin === room.provider || isPersistence(origin)) return
      list.push({ needs: Y.parseUpdateMeta(update).to })
      render()
    }
    // A change that only deletes carries no clock; the next acknowledgement settles it.
    const onStored = (): void => {
      const stored = room.stored()
      if (stored === null) return
      const left = list.filter((change) => !covers(stored, change.needs))
      list.splice(0, list.length, ...left)
      render()
    }
    room.doc.on('update', onUpdate)
    room.provider.on('status', render)
    room.provider.on('sync', render)
    room.provider.on('closed', render)
    stops.push(
      room.onStored(onStored),
      () => room.doc.off('update', onUpdate),
      () => room.provider.off('status', render),
      () => room.provider.off('sync', render),
      () => room.provider.off('closed', render),
    )
  }
  window.addEventListener('online', render)
  window.addEventListener('offline', render)
  render()
  return () => {
    window.removeEventListener('online', render)
    window.removeEventListener('offline', render)
    for (const stop of stops) stop()
  }
}
