import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { GroupCommit } from './group-commit'
import { syncStep1Message, syncStep2Message } from './protocol'
import { joined, openRoom, tick, typed } from './room.testkit'
import { SqliteRoomStore } from './sqlite-room-store'
import { Storage } from './storage'

describe('Room', () => {
  it('loads what storage holds before anyone syncs', async () => {
    const storage = new Storage(':memory:')
    const source = new Y.Doc()
    source.getText('t').insert(0, 'on disk')
    storage.putSnapshot('r', Y.encodeStateAsUpdate(source))
    const room = await openRoom(storage, 'r', { compactAfter: 10 })
    expect(room.doc.getText('t').toString()).toBe('on disk')
    await room.dispose()
  })

  it('logs the updates of its doc at the end of the turn and compacts once the log reaches the limit', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 3 })
    room.doc.getText('t').insert(0, 'a')
    room.doc.getText('t').insert(1, 'b')
    expect(storage.logLength('r')).toBe(0)
    await tick()
    expect(storage.logLength('r')).toBe(2)
    room.doc.getText('t').insert(2, 'c')
    await tick()
    expect(storage.logLength('r')).toBe(3)
    await tick()
    expect(storage.logLength('r')).toBe(0)
    const reloaded = await openRoom(storage, 'r', { compactAfter: 3 })
    expect(reloaded.doc.getText('t').toString()).toBe('abc')
    await room.dispose()
    await reloaded.dispose()
  })

  it('serves a room loaded from a log longer than the limit as the log wrote it, and folds the log', async () => {
    const storage = new Storage(':memory:')
    const writer = new Y.Doc()
    writer.on('update', (update: Uint8Array) => storage.appendUpdate('r', update))
    for (const letter of 'abcdef') writer.getText('t').insert(0, letter)
    const room = await openRoom(storage, 'r', { compactAfter: 3 })
    expect(room.doc.getText('t').toString()).toBe('fedcba')
    await tick()
    expect(storage.logLength('r')).toBe(0)
    const reloaded = await openRoom(storage, 'r', { compactAfter: 3 })
    expect(Y.encodeStateAsUpdate(reloaded.doc)).toEqual(Y.encodeStateAsUpdate(writer))
    await room.dispose()
    await reloaded.dispose()
  })

  it('compacts when disposed', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    room.doc.getText('t').insert(0, 'kept')
    await room.dispose()
    expect(storage.logLength('r')).toBe(0)
    const reloaded = await openRoom(storage, 'r', { compactAfter: 100 })
    expect(reloaded.doc.getText('t').toString()).toBe('kept')
    await reloaded.dispose()
  })

  it('relays the updates of one turn only once they are stored', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    const writer = joined(room, { canWrite: true })
    const reader = joined(room, { canWrite: true })
    const before = reader.sent.length
    const writes = [typed('a'), typed('b')]
    for (const write of writes) writer.deliver(write.message)
    expect(reader.sent).toHaveLength(before)
    expect(storage.logLength('r')).toBe(0)
    await tick()
    expect(storage.logLength('r')).toBe(2)
    expect(reader.sent.slice(before)).toHaveLength(2)
    await room.dispose()
  })

  it('stores the updates of one turn in every room in one transaction', async () => {
    const storage = new Storage(':memory:')
    const commits = new GroupCommit(new SqliteRoomStore(storage))
    const rooms = [
      await openRoom(storage, 'a', { compactAfter: 100, commits }),
      await openRoom(storage, 'b', { compactAfter: 100, commits }),
    ]
    const writers = rooms.map((room) => joined(room, { canWrite: true }))
    const transaction = vi.spyOn(storage, 'transaction')
    for (const writer of writers) writer.deliver(typed('x').message)
    await tick()
    expect(transaction).toHaveBeenCalledOnce()
    expect([storage.logLength('a'), storage.logLength('b')]).toEqual([1, 1])
    vi.restoreAllMocks()
    for (const room of rooms) room.dispose()
  })

  it('relays and acknowledges none of the updates of a turn whose commit failed', async () => {
    const storage = new Storage(':memory:')
    const onBroken = vi.fn()
    const room = await openRoom(storage, 'r', { compactAfter: 100, onBroken })
    const writer = joined(room, { canWrite: true, acknowledge: true })
    const reader = joined(room, { canWrite: true })
    const before = reader.sent.length
    let appended = 0
    // The second update of the batch fails: the first, written in the same transaction, is undone.
    const append = storage.appendUpdate.bind(storage)
    vi.spyOn(storage, 'appendUpdate').mockImplementation((name, update) => {
      if (++appended === 2) throw new Error('disk full')
      append(name, update)
    })
    writer.deliver(typed('first').message)
    writer.deliver(typed('second').message)
    await tick()
    expect(onBroken).toHaveBeenCalledOnce()
    expect(storage.logLength('r')).toBe(0)
    expect(reader.sent).toHaveLength(before)
    expect(writer.stored()).toHaveLength(1)
    vi.restoreAllMocks()
  })

  it('answers a joining connection with what is stored only once it is stored', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    const writer = joined(room, { canWrite: true })
    writer.deliver(typed('pending').message)
    const reader = joined(room, { canWrite: false })
    const before = reader.sent.length
    reader.deliver(syncStep1Message(new Y.Doc()))
    expect(reader.sent.length).toBe(before)
    await tick()
    expect(storage.logLength('r')).toBe(1)
    // The relayed update follows the commit too.
    const reply = reader.sent.slice(before)
    expect(reply).toContainEqual(syncStep2Message(room.doc, Y.encodeStateVector(new Y.Doc())))
    await room.dispose()
  })

  it('adds nothing to its doc while its connections only read (the audit starts at a write)', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'brief.content', { compactAfter: 100 })
    const socket = joined(room, { canWrite: true, share: 'share-ada' })
    // A stock client's reply to SyncStep1, from a client that has nothing the room lacks.
    socket.deliver(syncStep2Message(new Y.Doc(), Y.encodeStateVector(room.doc)))
    expect([...room.doc.share.keys()]).toEqual([])
    await room.dispose()
  })

  it('closes the connections of a revoked share and drops what they send afterwards', async () => {
    const storage = new Storage(':memory:')
    const room = await openRoom(storage, 'r', { compactAfter: 100 })
    const revoked = joined(room, { canWrite: true, share: 'revoked-share' })
    const kept = joined(room, { canWrite: true, share: 'kept-share' })
    expect(room.closeShare('revoked-share', 4401, 'share revoked')).toBe(1)
    expect(revoked.closedWith).toEqual({ code: 4401, reason: 'share revoked' })
    expect(kept.closedWith).toBeNull()
    expect(room.size).toBe(1)
    revoked.deliver(typed('too late').message)
    expect(room.doc.getText('t').toString()).toBe('')
    await room.dispose()
  })

  it('never folds updates it could not store into a snapshot, even once storage recovers', async () => {
    const storage = new Storage(':memory:')
    const broken: unknown[] = []
    const room = await openRoom(storage, 'r', {
      compactAfter: 100,
      onBroken: (_room, error) => broken.push(error),
    })
    const writer = joined(room, { canWrite: true, acknowledge: true })
    writer.deliver(typed('stored').message)
    // A joining connection commits what is queued, without compacting.
    joined(room, { canWrite: false })
    await tick()
    storage.db.pragma(`max_page_count = ${storage.db.pragma('page_count', { simple: true })}`)
    const acknowledged = writer.stored().length
    writer.deliver(typed('x'.repeat(16 * 1024)).message)
    joined(room, { canWrite: false })
    await tick()
    expect(broken).toHaveLength(1)
    storage.db.pragma('max_page_count = 1000000')
    await room.dispose()
    const reloaded = new Y.Doc()
    storage.loadRoom('r', reloaded)
    expect(reloaded.getText('t').toString()).toBe('stored')
    expect(writer.stored()).toHaveLength(acknowledged)
  })
})
