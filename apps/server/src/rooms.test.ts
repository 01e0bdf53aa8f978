import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { FakeSocket } from './fake-socket.testkit'
import { Rooms, type RoomsOptions } from './rooms'
import { auditOver } from './sqlite-audit-store'
import { SqliteRoomStore } from './sqlite-room-store'
import { Storage } from './storage'
import { StorageFailure } from './storage-faults'

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The registry over `storage`, as the server builds it. */
function roomsOver(storage: Storage, options: Partial<RoomsOptions> = {}): Rooms {
  return new Rooms(new SqliteRoomStore(storage), {
    compactAfter: 100,
    audit: auditOver(storage),
    ...options,
  })
}

/** Storage holding a text in room `name`. */
function storageWith(name: string, text: string): Storage {
  const storage = new Storage(':memory:')
  const source = new Y.Doc()
  source.getText('t').insert(0, text)
  storage.putSnapshot(name, Y.encodeStateAsUpdate(source))
  return storage
}

describe('Rooms', () => {
  it('keeps a room loaded while a connection holds it, and frees its doc once the last one leaves', async () => {
    const rooms = roomsOver(storageWith('brief.content', 'on disk'))
    const lease = await rooms.hold('brief.content')
    const room = lease.room
    const sockets = [new FakeSocket(), new FakeSocket()]
    for (const socket of sockets) room.join(socket.ws, { canWrite: false })
    lease.release()
    sockets[0]!.close()
    expect(rooms.size).toBe(1)
    expect(room.doc.isDestroyed).toBe(false)
    sockets[1]!.close()
    expect(rooms.size).toBe(0)
    await tick()
    expect(room.doc.isDestroyed).toBe(true)
    expect((await rooms.open('brief.content')).doc.getText('t').toString()).toBe('on disk')
  })

  it('reads a room once however many ask for it at the same time', async () => {
    const storage = storageWith('brief.content', 'on disk')
    const rooms = roomsOver(storage, { unloadAfterMs: 60_000 })
    const opened = await Promise.all([1, 2, 3].map(() => rooms.open('brief.content')))
    expect(new Set(opened).size).toBe(1)
    expect(rooms.size).toBe(1)
  })

  it('keeps a room nobody uses loaded until the unload delay has passed, then stores and frees it', async () => {
    const storage = storageWith('brief.content', 'on disk')
    const rooms = roomsOver(storage, { unloadAfterMs: 50 })
    const room = await rooms.use(['brief.content'], ([r]) => {
      r!.doc.getText('t').insert(0, 'kept ')
      return r!
    })
    expect(rooms.size).toBe(1)
    // Used again before the delay: the same room, not a second read.
    expect(await rooms.use(['brief.content'], ([r]) => r)).toBe(room)
    const deadline = Date.now() + 5000
    while (rooms.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(rooms.size).toBe(0)
    await tick()
    expect(room.doc.isDestroyed).toBe(true)
    expect(storage.logLength('brief.content')).toBe(0)
    expect((await rooms.open('brief.content')).doc.getText('t').toString()).toBe('kept on disk')
  })

  it('reads a room that is being freed only once its last updates are stored', async () => {
    const storage = storageWith('brief.content', 'on disk')
    const rooms = roomsOver(storage)
    const lease = await rooms.hold('brief.content')
    lease.room.doc.getText('t').insert(0, 'last ')
    // Freed with the update still queued; the next reader must see it all the same.
    lease.release()
    const again = await rooms.open('brief.content')
    expect(again).not.toBe(lease.room)
    expect(again.doc.getText('t').toString()).toBe('last on disk')
  })

  it('frees a room used only for one write once the write is done', async () => {
    const storage = storageWith('brief.content', 'on disk')
    const rooms = roomsOver(storage)
    const room = await rooms.use(['brief.content'], ([r]) => {
      r!.doc.getText('t').insert(0, 'kept ')
      return r!
    })
    expect(rooms.size).toBe(0)
    await tick()
    expect(room.doc.isDestroyed).toBe(true)
    expect((await rooms.open('brief.content')).doc.getText('t').toString()).toBe('kept on disk')
  })

  it('refuses a write it could not store with the reason, and keeps nothing of it in memory', async () => {
    const storage = storageWith('brief.content', 'on disk')
    storage.db.pragma(`max_page_count = ${storage.db.pragma('page_count', { simple: true })}`)
    const rooms = roomsOver(storage)
    let refused: unknown = null
    try {
      await rooms.use(['brief.content'], ([r]) =>
        r!.doc.getText('t').insert(0, 'x'.repeat(64 * 1024)),
      )
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(StorageFailure)
    expect((refused as StorageFailure).message).toBe("could not store: the server's disk is full")
    expect(rooms.size).toBe(0)
    // Read again from disk: the refused write is not there, and reads still work.
    expect(await rooms.use(['brief.content'], ([r]) => r!.doc.getText('t').toString())).toBe(
      'on disk',
    )
  })

  it("keeps answering a joining reader's room when another room's write fails in the same turn", async () => {
    const storage = storageWith('brief.content', 'on disk')
    storage.db.pragma(`max_page_count = ${storage.db.pragma('page_count', { simple: true })}`)
    const rooms = roomsOver(storage, { unloadAfterMs: 60_000 })
    const reader = new FakeSocket()
    const [readers, written] = await Promise.all([
      rooms.open('brief.annotations'),
      rooms.open('brief.content'),
    ])
    written!.doc.getText('t').insert(0, 'x'.repeat(64 * 1024))
    readers!.join(reader.ws, { canWrite: false, acknowledge: true })
    await tick()
    expect(written!.broken).not.toBeNull()
    expect(readers!.broken).toBeNull()
    expect(reader.readyState).toBe(1)
  })
})
