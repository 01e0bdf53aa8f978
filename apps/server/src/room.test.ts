import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Room } from './room'
import { Storage } from './storage'

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('Room', () => {
  it('loads what storage holds before anyone syncs', () => {
    const storage = new Storage(':memory:')
    const source = new Y.Doc()
    source.getText('t').insert(0, 'on disk')
    storage.putSnapshot('r', Y.encodeStateAsUpdate(source))
    const room = new Room('r', storage, { compactAfter: 10 })
    expect(room.doc.getText('t').toString()).toBe('on disk')
    room.dispose()
  })

  it('logs each update of its doc and compacts once the log reaches the limit', async () => {
    const storage = new Storage(':memory:')
    const room = new Room('r', storage, { compactAfter: 3 })
    room.doc.getText('t').insert(0, 'a')
    room.doc.getText('t').insert(1, 'b')
    expect(storage.logLength('r')).toBe(2)
    room.doc.getText('t').insert(2, 'c')
    expect(storage.logLength('r')).toBe(3)
    await tick()
    expect(storage.logLength('r')).toBe(0)
    const reloaded = new Room('r', storage, { compactAfter: 3 })
    expect(reloaded.doc.getText('t').toString()).toBe('abc')
    room.dispose()
    reloaded.dispose()
  })

  it('compacts when disposed', () => {
    const storage = new Storage(':memory:')
    const room = new Room('r', storage, { compactAfter: 100 })
    room.doc.getText('t').insert(0, 'kept')
    room.dispose()
    expect(storage.logLength('r')).toBe(0)
    const reloaded = new Room('r', storage, { compactAfter: 100 })
    expect(reloaded.doc.getText('t').toString()).toBe('kept')
    reloaded.dispose()
  })
})
