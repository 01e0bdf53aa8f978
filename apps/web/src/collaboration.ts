/**
 * The two live rooms of a document (its content and its annotations), each a Y.Doc synced
 * with the server through a stock y-websocket provider, plus the reader's awareness.
 */
import { CONTENT_FRAGMENT } from '@warrant/document'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { DocumentInfo } from './api'

/** The user record other readers see in awareness (the cursor plugin reads it). */
export interface AwarenessUser {
  name: string
  color: string
}

/** A document's live rooms. */
export interface Rooms {
  content: Y.Doc
  annotations: Y.Doc
  fragment: Y.XmlFragment
  contentProvider: WebsocketProvider
  annotationsProvider: WebsocketProvider
  /** Resolves once both rooms have received the server's state. */
  synced: Promise<void>
  /** Publishes a new display name to the other readers. */
  setUser(user: AwarenessUser): void
  destroy(): void
}

function socketOrigin(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${window.location.host}`
}

function whenSynced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve) => {
    const onSync = (isSynced: boolean): void => {
      if (!isSynced) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

/** Opens the content and annotations rooms of a document with the reader's token. */
export function openRooms(info: DocumentInfo, token: string | null, user: AwarenessUser): Rooms {
  const url = socketOrigin() + info.sync.path
  const params: Record<string, string> = token === null ? {} : { token }
  const content = new Y.Doc()
  const annotations = new Y.Doc()
  const contentProvider = new WebsocketProvider(url, info.sync.content, content, { params })
  const annotationsProvider = new WebsocketProvider(url, info.sync.annotations, annotations, {
    params,
  })
  // Presence lives in the content room only, where the cursors are.
  annotationsProvider.awareness.setLocalState(null)
  contentProvider.awareness.setLocalStateField('user', user)
  return {
    content,
    annotations,
    fragment: content.getXmlFragment(CONTENT_FRAGMENT),
    contentProvider,
    annotationsProvider,
    synced: Promise.all([whenSynced(contentProvider), whenSynced(annotationsProvider)]).then(
      () => undefined,
    ),
    setUser: (next) => contentProvider.awareness.setLocalStateField('user', next),
    destroy: () => {
      contentProvider.destroy()
      annotationsProvider.destroy()
      content.destroy()
      annotations.destroy()
    },
  }
}
