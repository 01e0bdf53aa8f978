/**
 * The connection and saved state of a document's rooms in words: connecting, online and
 * saved, saving, or offline with edits kept in this tab until the connection returns.
 */
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'

type State = 'connecting' | 'saving' | 'saved' | 'offline'

const labels: Record<State, string> = {
  connecting: 'Connecting…',
  saving: 'Online · saving…',
  saved: 'Online · saved',
  offline: 'Offline · edits kept in this tab',
}

/** Keeps `element` describing the state of the given rooms; returns a stop function. */
export function watchStatus(
  rooms: Array<{ provider: WebsocketProvider; doc: Y.Doc }>,
  element: HTMLElement,
): () => void {
  let everConnected = false
  let pending: ReturnType<typeof setTimeout> | null = null

  const unsent = (): boolean =>
    rooms.some(({ provider }) => (provider.ws?.bufferedAmount ?? 0) > 0 || !provider.synced)

  const render = (): void => {
    const connected = rooms.every(({ provider }) => provider.wsconnected)
    if (connected) everConnected = true
    let state: State
    if (!connected) state = everConnected ? 'offline' : 'connecting'
    else state = unsent() || pending !== null ? 'saving' : 'saved'
    element.textContent = labels[state]
    element.dataset.state = state
  }

  // A local change is on its way until the socket's buffer has drained.
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (rooms.some(({ provider }) => origin === provider)) return
    if (pending !== null) clearTimeout(pending)
    const settle = (): void => {
      pending = unsent() ? setTimeout(settle, 250) : null
      render()
    }
    pending = setTimeout(settle, 250)
    render()
  }

  for (const { provider, doc } of rooms) {
    provider.on('status', render)
    provider.on('sync', render)
    doc.on('update', onUpdate)
  }
  render()
  return () => {
    if (pending !== null) clearTimeout(pending)
    for (const { provider, doc } of rooms) {
      provider.off('status', render)
      provider.off('sync', render)
      doc.off('update', onUpdate)
    }
  }
}
