import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Storage } from './storage'

function edit(doc: Y.Doc, text: string): Uint8Array[] {
  const updates: Uint8Array[] = []
  const record = (update: Uint8Array) => updates.push(update)
  doc.on('update', record)
  for (const ch of text) doc.getText('t').insert(doc.getText('t').length, ch)
  doc.off('update', record)
  return updates
}

describe('Storage', () => {
  it('loads a room from its snapshot and then its log, in order', () => {
    const storage = new Storage(':memory:')
    const source = new Y.Doc()
    source.getText('t').insert(0, 'snap')
    storage.putSnapshot('r', Y.encodeStateAsUpdate(source))
    for (const update of edit(source, 'shot')) storage.appendUpdate('r', update)
    const loaded = new Y.Doc()
    expect(storage.loadRoom('r', loaded)).toEqual({ logRows: 4 })
    expect(loaded.getText('t').toString()).toBe('snapshot')
  })

  it('stores documents with their records and meta values', () => {
    const storage = new Storage(':memory:')
    storage.addDocument('brief', { id: 'brief', type: 'report', title: 'A brief' })
    expect(storage.getDocument('brief')?.record.title).toBe('A brief')
    expect(storage.listDocuments().map((d) => d.id)).toEqual(['brief'])
    expect(storage.getDocument('other')).toBeNull()
    expect(storage.getMeta('seeded')).toBeNull()
    storage.setMeta('seeded', 'yes')
    storage.setMeta('seeded', 'again')
    expect(storage.getMeta('seeded')).toBe('again')
  })
})
