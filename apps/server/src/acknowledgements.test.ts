import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { GroupCommit } from './group-commit'
import { joined, openRoom, tick, typed } from './room.testkit'
import { SqliteRoomStore } from './sqlite-room-store'
import { Storage } from './storage'

describe("a room's stored acknowledgements", () => {
  it('tells a connection that asked for it the stored state vector when it joins', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    room.doc.getText('t').insert(0, 'on disk')
    const socket = joined(room, { canWrite: true, acknowledge: true })
    await tick()
    expect(socket.stored()).toEqual([Y.decodeStateVector(Y.encodeStateVector(room.doc))])
    await room.dispose()
  })

  it('acknowledges the writes of one turn once, with a vector covering all of them, once stored', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    const socket = joined(room, { canWrite: true, acknowledge: true })
    const writes = [typed('a'), typed('b'), typed('c')]
    for (const write of writes) socket.deliver(write.message)
    expect(socket.stored()).toHaveLength(1)
    await tick()
    const [, acknowledged, ...more] = socket.stored()
    expect(more).toEqual([])
    for (const write of writes) expect(acknowledged!.get(write.client)).toBe(1)
    expect(storage.logLength('r')).toBe(3)
    await room.dispose()
  })

  it('acknowledges what a batch stored and nothing queued behind it while it was in flight', async () => {
    const storage = new Storage(':memory:')
    const store = new SqliteRoomStore(storage)
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow = Object.create(store) as SqliteRoomStore
    let batches = 0
    slow.appendUpdates = async (batch) => {
      batches += 1
      await store.appendUpdates(batch)
      if (batches === 1) await held
    }
    const room = await openRoom(storage, 'r', {
      compactAfter: 100,
      store: slow,
      commits: new GroupCommit(slow),
    })
    const socket = joined(room, { canWrite: true, acknowledge: true })
    const [first, second] = [typed('a'), typed('b')]
    socket.deliver(first.message)
    await tick()
    socket.deliver(second.message)
    release()
    await tick()
    await tick()
    const [, acknowledged, after] = socket.stored()
    expect(acknowledged!.get(first.client)).toBe(1)
    expect(acknowledged!.has(second.client)).toBe(false)
    expect(after!.get(second.client)).toBe(1)
    await room.dispose()
  })

  it('never acknowledges a connection that did not ask, nor a refused write', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    const stock = joined(room, { canWrite: true })
    const viewer = joined(room, { canWrite: false, acknowledge: true })
    stock.deliver(typed('stock').message)
    viewer.deliver(typed('refused').message)
    await tick()
    expect(stock.stored()).toEqual([])
    expect(viewer.stored()).toHaveLength(1)
    expect(room.doc.getText('t').toString()).toBe('stock')
    await room.dispose()
  })

  it('acknowledges nothing when an update could not be stored', async () => {
    const storage = new Storage(':memory:')
    const onBroken = vi.fn()
    const room = await openRoom(storage, 'r', { compactAfter: 100, onBroken })
    const socket = joined(room, { canWrite: true, acknowledge: true })
    vi.spyOn(storage, 'appendUpdate').mockImplementation(() => {
      throw new Error('disk full')
    })
    socket.deliver(typed('lost').message)
    await tick()
    expect(onBroken).toHaveBeenCalledOnce()
    expect(socket.stored()).toHaveLength(1)
    vi.restoreAllMocks()
    await room.dispose()
  })
})
