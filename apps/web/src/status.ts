/**
 * The connection and saved state of a document's rooms in words: connecting, online and saved,
 * online and saving, reconnecting or offline with the number of the reader's changes the server
 * has not yet stored, not saved because the server could not store them (with its reason, while
 * the provider keeps sending them), or disconnected for good. "Saved" is never a guess: it is
 * shown only when the server's acknowledged state vector covers every change this tab made, in
 * both rooms.
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
  | 'unsaved'
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

// The server closes a room it could not store an update of with 1011 and this prefix.
const storageFailurePrefix = 'could not store: '

/** Why the server could not store a room's updates, from its close; null for other closes. */
export function storageFailureOf(event: { code: number; reason: string } | null): string | null {
  if (event?.code !== 1011 || !event.reason.startsWith(storageFailurePrefix)) return null
  return event.reason.slice(storageFailurePrefix.length)
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
    case 'unsaved':
      return `Not saved · ${reason} · ${changes(pending)}`
    case 'closed':
      return reason === '' ? 'Disconnected · reload to reconnect' : `Disconnected · ${reason}`
  }
}

// The status element's tooltip, for the states that need one.
const stateTitles: Partial<Record<ConnectionState, string>> = {
  offline: 'Your changes are kept in this browser and sent when the connection returns.',
  reconnecting: 'Your changes are kept in this browser and sent when the connection returns.',
  unsaved:
    'The server could not store your changes; they are kept in this browser and sent again until it can.',
  saved: 'The server has stored every change you made.',
}

/** Keeps `element` describing the state of `rooms`; returns a stop function. */
export function watchStatus(rooms: LiveRoom[], element: HTMLElement): () => void {
  let everConnected = false
  const pending = new Map<LiveRoom, PendingChange[]>(rooms.map((room) => [room, []]))
  // Why the server last refused to store a room's changes; cleared once they are stored.
  const failures = new Map<LiveRoom, string>()

  const render = (): void => {
    const count = [...pending.values()].reduce((sum, list) => sum + list.length, 0)
    const closed = rooms.map((room) => room.closed()).find((close) => close !== null) ?? null
    const connected = rooms.every((room) => room.provider.wsconnected)
    if (connected) everConnected = true
    const failure = rooms.find((room) => failures.has(room) && pending.get(room)!.length > 0)
    let state: ConnectionState
    if (closed !== null) state = 'closed'
    else if (failure) state = 'unsaved'
    else if (!navigator.onLine) state = 'offline'
    else if (!connected) state = everConnected ? 'reconnecting' : 'connecting'
    else if (rooms.some((room) => !room.provider.synced || room.stored() === null)) state = 'saving'
    else state = count > 0 ? 'saving' : 'saved'
    const reason = failure ? failures.get(failure)! : (closed?.reason ?? '')
    element.textContent = statusText(state, count, reason)
    element.dataset.state = state
    element.dataset.pending = String(count)
    element.title = stateTitles[state] ?? ''
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
      if (left.length === 0) failures.delete(room)
      render()
    }
    const onClose = (event: CloseEvent | null): void => {
      const failure = storageFailureOf(event)
      if (failure !== null) failures.set(room, failure)
      render()
    }
    room.doc.on('update', onUpdate)
    room.provider.on('status', render)
    room.provider.on('sync', render)
    room.provider.on('closed', render)
    room.provider.on('connection-close', onClose)
    stops.push(
      room.onStored(onStored),
      () => room.doc.off('update', onUpdate),
      () => room.provider.off('status', render),
      () => room.provider.off('sync', render),
      () => room.provider.off('closed', render),
      () => room.provider.off('connection-close', onClose),
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
