/**
 * The rules that decide whether work kept in this browser is merged into a document's live copy:
 * only when both grew from the same history, so an old copy never duplicates a fresh server's text.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isEmptyDoc, keptOrigin, mergeKept, sharesHistory } from './offline'

function seeded(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('content').insert(0, text)
  return doc
}

function copyOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source))
  return doc
}

describe('work kept in the browser', () => {
  it('treats a never-used store as empty', () => {
    expect(isEmptyDoc(new Y.Doc())).toBe(true)
    expect(isEmptyDoc(seeded('brief'))).toBe(false)
  })

  it('recognises a kept copy of the same document by a shared writer', () => {
    const server = seeded('The decline in trade.')
    const kept = copyOf(server)
    kept.getText('content').insert(0, 'Offline: ')
    expect(sharesHistory(kept, server)).toBe(true)
  })

  it('refuses a kept copy of a server started afresh with the same document id', () => {
    const old = seeded('The decline in trade.')
    const fresh = seeded('The decline in trade.')
    expect(sharesHistory(old, fresh)).toBe(false)
  })

  it('merges kept work once, as the reader’s own change', () => {
    const server = seeded('The decline in trade.')
    const kept = copyOf(server)
    kept.getText('content').insert(0, 'Offline: ')
    const live = copyOf(server)
    const origins: unknown[] = []
    live.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin))
    mergeKept(kept, live)
    mergeKept(kept, live)
    expect(live.getText('content').toString()).toBe('Offline: The decline in trade.')
    expect(origins).toEqual([keptOrigin])
  })
})
