/**
 * The specification every `RoomStore` meets, run against each implementation by its own test
 * file: order, atomic batches, loading, compaction that loses nothing while another instance
 * writes, and log length. Updates are real Yjs updates, so "nothing lost" is checked on the
 * document they load to.
 */
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { LoadedRoom, RoomStore } from './room-store'

/** What a store's test file provides to the shared specification. */
export interface RoomStoreFixture {
  /** Opens a store on the same data, as another server instance would. */
  open(): Promise<RoomStore>
  /** Makes the database itself refuse every row appended to `room` (a trigger raising). */
  refuseRoom(room: string): Promise<void>
}

/** A writer's updates: each sets its own key of the map `m`, so the loaded map shows what arrived. */
function writes(writer: string, from: number, count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = from; i < from + count; i += 1) doc.getMap('m').set(`${writer}-${i}`, i)
  doc.destroy()
  return updates
}

/** One writer's updates in order, from one Y.Doc (so each depends on the one before). */
function edits(text: string): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const ch of text) doc.getText('t').insert(doc.getText('t').length, ch)
  doc.destroy()
  return updates
}

/** The document a load stands for. */
function toDoc(loaded: LoadedRoom): Y.Doc {
  const doc = new Y.Doc()
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
  for (const update of loaded.updates) Y.applyUpdate(doc, update)
  return doc
}

/** The keys of the map `m` a load holds, sorted. */
function keysOf(loaded: LoadedRoom): string[] {
  const doc = toDoc(loaded)
  const keys = [...doc.getMap('m').keys()].sort()
  doc.destroy()
  return keys
}

/** The text `t` a load holds. */
function textOf(loaded: LoadedRoom): string {
  const doc = toDoc(loaded)
  const text = doc.getText('t').toString()
  doc.destroy()
  return text
}

/** Declares the specification's tests; `label` names the store in the figures line. */
export function roomStoreContract(label: string, fixture: RoomStoreFixture): void {
  const opened: RoomStore[] = []
  const open = async () => {
    const store = await fixture.open()
    opened.push(store)
    return store
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()))
  })
  let rooms = 0
  const newRoom = () => {
    rooms += 1
    return `room-${rooms}.annotations`
  }

  it('loads a room never written as no snapshot and no rows', async () => {
    const store = await open()
    expect(await store.loadRoom(newRoom())).toEqual({ snapshot: null, updates: [], lastId: 0 })
  })

  it('keeps the order of the updates appended to each room, across rooms and batches', async () => {
    const store = await open()
    const [a, b] = [newRoom(), newRoom()]
    const ua = edits('abcdef')
    const ub = edits('uvwxyz')
    await store.appendUpdates(
      ua.slice(0, 4).flatMap((u, i) => [
        { room: a, update: u },
        { room: b, update: ub[i]! },
      ]),
    )
    await store.appendUpdates([
      ...ua.slice(4).map((update) => ({ room: a, update })),
      ...ub.slice(4).map((update) => ({ room: b, update })),
    ])
    expect((await store.loadRoom(a)).updates).toEqual(ua)
    expect((await store.loadRoom(b)).updates).toEqual(ub)
    expect(textOf(await store.loadRoom(a))).toBe('abcdef')
  })

  it('appends a batch of thousands of updates in order', async () => {
    const store = await open()
    const room = newRoom()
    const updates = writes('w', 0, 2500)
    await store.appendUpdates(updates.map((update) => ({ room, update })))
    const loaded = await store.loadRoom(room)
    expect(loaded.updates).toEqual(updates)
    expect(keysOf(loaded)).toHaveLength(2500)
  })

  it('stores none of a batch when the database refuses one of its rows', async () => {
    const store = await open()
    const [kept, refused] = [newRoom(), newRoom()]
    await fixture.refuseRoom(refused)
    const [first, second, third] = edits('abc')
    const batch = [
      { room: kept, update: first! },
      { room: kept, update: second! },
      { room: refused, update: first! },
      { room: kept, update: third! },
    ]
    await expect(store.appendUpdates(batch)).rejects.toThrow(/refused by the test/)
    expect(await store.logLength(kept)).toBe(0)
    // The store keeps working after the failed transaction.
    await store.appendUpdates([{ room: kept, update: first! }])
    expect((await store.loadRoom(kept)).updates).toEqual([first])
  })

  it('refuses a batch entry without a room name or bytes, storing nothing of the batch', async () => {
    const store = await open()
    const room = newRoom()
    const [update] = edits('a')
    const bad = { room, update: 'not bytes' } as unknown as { room: string; update: Uint8Array }
    await expect(store.appendUpdates([{ room, update: update! }, bad])).rejects.toThrow(/bytes/)
    await expect(store.appendUpdates([{ room: '', update: update! }])).rejects.toThrow(/room/)
    expect(await store.logLength(room)).toBe(0)
  })

  it('loads the snapshot and then every row appended after it', async () => {
    const store = await open()
    const room = newRoom()
    const all = edits('snapshot')
    const snapshot = Y.mergeUpdates(all.slice(0, 4))
    await store.putSnapshot(room, snapshot)
    await store.appendUpdates(all.slice(4).map((update) => ({ room, update })))
    const loaded = await store.loadRoom(room)
    expect(loaded.snapshot).toEqual(snapshot)
    expect(loaded.updates).toEqual(all.slice(4))
    expect(loaded.lastId).toBeGreaterThan(0)
    expect(textOf(loaded)).toBe('snapshot')
  })

  it('folds the rows up to the given id into the snapshot and deletes only those', async () => {
    const store = await open()
    const room = newRoom()
    const all = edits('folded, kept')
    await store.appendUpdates(all.slice(0, 6).map((update) => ({ room, update })))
    const { lastId } = await store.loadRoom(room)
    await store.appendUpdates(all.slice(6).map((update) => ({ room, update })))
    expect(await store.compactRoom(room, lastId)).toBe(true)
    expect(await store.logLength(room)).toBe(all.length - 6)
    const loaded = await store.loadRoom(room)
    expect(loaded.updates).toEqual(all.slice(6))
    expect(textOf(loaded)).toBe('folded, kept')
  })

  it('never replaces a snapshot with one that folds less', async () => {
    const store = await open()
    const room = newRoom()
    await store.appendUpdates(writes('a', 0, 3).map((update) => ({ room, update })))
    const older = (await store.loadRoom(room)).lastId
    await store.appendUpdates(writes('b', 0, 3).map((update) => ({ room, update })))
    const newer = (await store.loadRoom(room)).lastId
    expect(await store.compactRoom(room, newer)).toBe(true)
    const snapshot = (await store.loadRoom(room)).snapshot
    expect(await store.compactRoom(room, older)).toBe(false)
    const loaded = await store.loadRoom(room)
    expect(loaded.snapshot).toEqual(snapshot)
    expect(keysOf(loaded)).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'b-2'])
  })

  it('counts the log rows of each room, and none once they are folded', async () => {
    const store = await open()
    const [a, b] = [newRoom(), newRoom()]
    await store.appendUpdates([
      ...writes('a', 0, 5).map((update) => ({ room: a, update })),
      ...writes('b', 0, 2).map((update) => ({ room: b, update })),
    ])
    expect([await store.logLength(a), await store.logLength(b)]).toEqual([5, 2])
    await store.compactRoom(a, (await store.loadRoom(a)).lastId)
    expect([await store.logLength(a), await store.logLength(b)]).toEqual([0, 2])
  })

  it('keeps everything two instances append while both compact the room', async () => {
    const [one, two] = [await open(), await open()]
    const room = newRoom()
    const perWriter = 150
    let compactions = 0
    const started = Date.now()
    // Each instance appends its writer's updates in batches of 1-3, compacting every few batches.
    const instance = async (store: RoomStore, writer: string, every: number) => {
      const updates = writes(writer, 0, perWriter)
      for (let at = 0, batch = 0; at < updates.length; batch += 1) {
        const size = 1 + (batch % 3)
        await store.appendUpdates(updates.slice(at, at + size).map((update) => ({ room, update })))
        at += size
        if (batch % every === 0) {
          if (await store.compactRoom(room, (await store.loadRoom(room)).lastId)) compactions += 1
        }
      }
    }
    await Promise.all([instance(one, 'one', 1), instance(two, 'two', 2)])
    const expected = Array.from({ length: perWriter }, (_, i) => [`one-${i}`, `two-${i}`]).flat()
    const reader = await open()
    const loaded = await reader.loadRoom(room)
    expect(keysOf(loaded)).toEqual(expected.sort())
    expect(await reader.compactRoom(room, loaded.lastId)).toBe(loaded.updates.length > 0)
    const compacted = await reader.loadRoom(room)
    expect(compacted.updates).toEqual([])
    expect(keysOf(compacted)).toEqual(expected)
    console.log(
      `[room-store] ${label}: two instances appended=${2 * perWriter} compactions=${compactions} ` +
        `rows-left=${loaded.updates.length} lost=0 ms=${Date.now() - started}`,
    )
  })
}
