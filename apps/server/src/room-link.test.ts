import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { FakeSocket } from './fake-socket.testkit'
import type { Fanout, FanoutHandlers, FanoutKind, RoomFeed } from './fanout'
import { awarenessMessage, updateMessage } from './protocol'
import { RedisFanout } from './redis-fanout'
import { redisAvailable } from './redis-server.testkit'
import type { Room } from './room'
import { RoomLink } from './room-link'
import { Rooms } from './rooms'
import { auditOver } from './sqlite-audit-store'
import { SqliteRoomStore } from './sqlite-room-store'
import { Storage } from './storage'

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const available = await redisAvailable(url, 'the linked room tests (room-link.test.ts)')

/** Polls until `check` holds, failing after a generous deadline. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A fan-out that refuses every publish while `down`, as one whose Redis is away does. */
class FlakyFanout implements Fanout {
  readonly instance = 'flaky'
  down = false
  readonly published: Uint8Array[] = []
  handlers: FanoutHandlers | null = null
  async position(): Promise<string> {
    return '0-0'
  }
  async publish(_room: string, _kind: FanoutKind, data: readonly Uint8Array[]): Promise<void> {
    if (this.down) throw new Error('Stream is not writeable')
    this.published.push(...data)
  }
  follow(_room: string, _position: string, handlers: FanoutHandlers): RoomFeed {
    this.handlers = handlers
    return { close: () => {} }
  }
  onInstanceGone(): () => void {
    return () => {}
  }
  async close(): Promise<void> {}
}

describe('a room link whose Redis is away', () => {
  /** A link over a flaky fan-out, and the text every update it published adds up to. */
  function flakyLink() {
    const storage = new Storage(':memory:')
    const fanout = new FlakyFanout()
    const doc = new Y.Doc()
    const link = new RoomLink({ name: 'r', doc, presence: { applyRemote: () => {} } }, '0-0', {
      fanout,
      store: new SqliteRoomStore(storage),
      rereadMs: 60_000,
    })
    const sent = () => {
      const seen = new Y.Doc()
      for (const update of fanout.published) Y.applyUpdate(seen, update)
      return seen.getText('t').toString()
    }
    return { fanout, link, sent }
  }

  const typed = (text: string) => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, text)
    return Y.encodeStateAsUpdate(doc)
  }

  it('sends the updates it could not send once Redis is back (a gap)', async () => {
    const { fanout, link, sent } = flakyLink()
    fanout.down = true
    link.publish('update', [typed('stored while away')])
    await new Promise((resolve) => setImmediate(resolve))
    expect(fanout.published).toEqual([])
    fanout.down = false
    fanout.handlers?.gap()
    await eventually(() => sent() === 'stored while away', 'the update was sent again')
    link.close()
  })

  it('tries again by itself when no gap comes', async () => {
    const { fanout, link, sent } = flakyLink()
    fanout.down = true
    link.publish('update', [typed('a')])
    await new Promise((resolve) => setImmediate(resolve))
    fanout.down = false
    await eventually(() => sent() === 'a', 'the update was sent again')
    link.close()
  })
})

describe.skipIf(!available)('rooms linked through Redis', () => {
  const closing: Array<() => Promise<unknown>> = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })

  /** Two instances sharing one store and one Redis prefix, as a deployment's instances do. */
  async function twoInstances(options: { livenessTtlMs?: number } = {}) {
    const storage = new Storage(':memory:')
    storage.putSnapshot('r', Y.encodeStateAsUpdate(new Y.Doc()))
    const store = new SqliteRoomStore(storage)
    const prefix = `test:${randomBytes(6).toString('hex')}:`
    const instance = async () => {
      const fanout = await RedisFanout.open({ url, prefix, ...options })
      const rooms = new Rooms(store, {
        compactAfter: 1000,
        audit: auditOver(storage),
        unloadAfterMs: 60_000,
        fanout,
        rereadMs: 200,
      })
      closing.push(async () => {
        await rooms.compactAll(Date.now() + 5000)
        await fanout.close()
      })
      return { rooms, fanout }
    }
    return { storage, store, a: await instance(), b: await instance() }
  }

  /** Joins a fake socket to a room of an instance. */
  async function join(rooms: Rooms, canWrite = true): Promise<{ room: Room; socket: FakeSocket }> {
    const lease = await rooms.hold('r')
    const socket = new FakeSocket()
    lease.room.join(socket.ws, { canWrite })
    lease.release()
    return { room: lease.room, socket }
  }

  it("relays a writer's update on one instance to the readers on another, once stored", async () => {
    const { a, b, storage } = await twoInstances()
    const writer = await join(a.rooms)
    const reader = await join(b.rooms, false)
    const edit = new Y.Doc()
    edit.getText('t').insert(0, 'from A')
    writer.socket.deliver(updateMessage(Y.encodeStateAsUpdate(edit)))
    await eventually(
      () => reader.socket.received().getText('t').toString() === 'from A',
      "B's reader has A's edit",
    )
    expect(reader.room.doc.getText('t').toString()).toBe('from A')
    expect(storage.logLength('r')).toBe(1)
  })

  it('shows a reader on one instance to the readers on another, and removes them when they leave', async () => {
    const { a, b } = await twoInstances()
    const ada = await join(a.rooms)
    const bob = await join(b.rooms)
    const state = new Awareness(new Y.Doc())
    state.setLocalState({})
    ada.socket.deliver(awarenessMessage(state, [state.clientID]))
    await eventually(() => bob.socket.present().has(state.clientID), 'Bob sees Ada')
    ada.socket.close()
    await eventually(() => !bob.socket.present().has(state.clientID), 'Ada has left for Bob')
    state.destroy()
  })

  it('removes the readers of an instance that died without saying goodbye', async () => {
    const { a, b } = await twoInstances({ livenessTtlMs: 600 })
    const ada = await join(a.rooms)
    const bob = await join(b.rooms)
    const state = new Awareness(new Y.Doc())
    state.setLocalState({})
    ada.socket.deliver(awarenessMessage(state, [state.clientID]))
    await eventually(() => bob.socket.present().has(state.clientID), 'Bob sees Ada')
    // The instance stops renewing its liveness key, as a killed process does; its room keeps Ada.
    await a.fanout.close()
    await eventually(() => !bob.socket.present().has(state.clientID), 'Ada is gone for Bob')
    state.destroy()
  })

  it('finds an update stored by an instance that died before sending it, by reading the log again', async () => {
    const { b, store } = await twoInstances()
    const reader = await join(b.rooms, false)
    const lost = new Y.Doc()
    lost.getText('t').insert(0, 'stored, never sent')
    await store.appendUpdates([{ room: 'r', update: Y.encodeStateAsUpdate(lost) }])
    await eventually(
      () => reader.socket.received().getText('t').toString() === 'stored, never sent',
      'the reader has the update',
    )
  })
})
