/**
 * The document's codebook as the app follows it: read from the content doc's `codebook` map
 * (the default codebook while it is empty) and re-read whenever an editor changes it, so the
 * toolbar, highlights and cards show new labels and colours without a reload.
 */
import { CODEBOOK, type Codebook, readCodebook } from '@warrant/annotations'
import type * as Y from 'yjs'

/** A codebook that follows live changes. */
export interface LiveCodebook {
  /** The codebook as it is now. */
  current(): Codebook
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (codebook: Codebook) => void): () => void
  destroy(): void
}

/** Follows the codebook of a content Y.Doc. */
export function watchCodebook(content: Y.Doc): LiveCodebook {
  const map = content.getMap(CODEBOOK)
  const listeners = new Set<(codebook: Codebook) => void>()
  let codebook = readCodebook(content)
  const onChange = (): void => {
    codebook = readCodebook(content)
    for (const listener of listeners) listener(codebook)
  }
  map.observeDeep(onChange)
  return {
    current: () => codebook,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      map.unobserveDeep(onChange)
      listeners.clear()
    },
  }
}
