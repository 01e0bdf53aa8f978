/**
 * The live rooms of the server: a room is loaded from storage when first used (by a
 * websocket or an HTTP write), and compacted and freed once nobody has used it for a while.
 * Their updates are stored through one group commit, so one transaction holds a turn's
 * updates. With a fan-out, each loaded room is linked to the other instances holding it.
 */
import type { Audit } from './audit'
import type { Fanout } from './fanout'
import { GroupCommit } from './group-commit'
import { Room, type RoomOptions } from './room'
import { RoomLink, streamPosition } from './room-link'
import type { RoomStore } from './room-store'
import { couldNotStore, describeStorageError, StorageFailure } from './storage-faults'

/** The two rooms of every document. */
export const roomParts = ['content', 'annotations'] as const

/** One of `roomParts`. */
export type RoomPart = (typeof roomParts)[number]

/** The name of a document's room. */
export function roomName(documentId: string, part: RoomPart): string {
  return `${documentId}.${part}`
}

/** The document and part a room name stands for, or null when it is not a room name. */
export function parseRoomName(name: string): { documentId: string; part: RoomPart } | null {
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return null
  const part = name.slice(dot + 1)
  if (!(roomParts as readonly string[]).includes(part)) return null
  return { documentId: name.slice(0, dot), part: part as RoomPart }
}

/** Options of the room registry. */
export interface RoomsOptions {
  /** Log rows after which a room is compacted. */
  compactAfter: number
  /** The audit log writers' changes are recorded in. */
  audit: Audit
  /** How long a room nobody uses stays loaded, in ms; 0 frees it at once. */
  unloadAfterMs?: number
  /** The fan-out to other instances; none when this instance is the only one. */
  fanout?: Fanout | null
  /** How often a linked room reads its log again, in ms; default 30 s. */
  rereadMs?: number
}

/** A room held for a use; the room may be freed once every lease on it is released. */
export interface RoomLease {
  room: Room
  /** Ends the lease (more than once is harmless). */
  release(): void
}

/** The registry of loaded rooms. */
export class Rooms {
  private readonly rooms = new Map<string, Room>()
  /** Rooms being read from storage, one read per name however many ask. */
  private readonly loading = new Map<string, Promise<Room>>()
  /** Rooms being compacted and freed: a room loads again only once its last state is stored. */
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>()
  private readonly busy = new Map<Room, number>()
  private readonly commits: GroupCommit
  private readonly unloadAfterMs: number
  private readonly stopInstanceWatch: () => void
  /** Set once shutdown began: emptied rooms wait for `compactAll`. */
  private stopping = false

  // One options object for every room: a room holds no callbacks of its own.
  private readonly roomOptions: RoomOptions

  constructor(
    private readonly store: RoomStore,
    private readonly options: RoomsOptions,
  ) {
    this.commits = new GroupCommit(store)
    this.unloadAfterMs = options.unloadAfterMs ?? 0
    this.roomOptions = {
      compactAfter: options.compactAfter,
      store,
      commits: this.commits,
      audit: options.audit,
      onEmpty: (r) => this.release(r),
      onBroken: (r, error) => {
        const fault = describeStorageError(error)
        console.error(`Could not store an update of ${r.name} (${fault.words}); dropping the room`)
        // The room is read again by the next connection; its clients resend their work.
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name)
        this.cancelUnload(r)
        void r.closeConnections(1011, couldNotStore(fault))
      },
    }
    this.stopInstanceWatch =
      options.fanout?.onInstanceGone((instance) => {
        for (const room of this.rooms.values()) room.presence.dropInstance(instance)
      }) ?? (() => {})
  }

  /** Loaded rooms. */
  get size(): number {
    return this.rooms.size
  }

  /** Open websocket connections, over every loaded room. */
  get connections(): number {
    let open = 0
    for (const room of this.rooms.values()) open += room.size
    return open
  }

  /** The room, read from storage if it is not loaded; hold it with `hold` to keep it. */
  open(name: string): Promise<Room> {
    const live = this.rooms.get(name)
    if (live) return Promise.resolve(live)
    let loading = this.loading.get(name)
    if (!loading) {
      loading = this.load(name).finally(() => this.loading.delete(name))
      this.loading.set(name, loading)
    }
    return loading
  }

  /** The room, loaded and kept loaded until the lease is released. */
  async hold(name: string): Promise<RoomLease> {
    let room = await this.open(name)
    // Dropped while it loaded (its storage failed): read it again.
    while (this.rooms.get(name) !== room) room = await this.open(name)
    this.cancelUnload(room)
    this.busy.set(room, (this.busy.get(room) ?? 0) + 1)
    let held = true
    return {
      room,
      release: () => {
        if (!held) return
        held = false
        const count = (this.busy.get(room) ?? 1) - 1
        if (count > 0) this.busy.set(room, count)
        else this.busy.delete(room)
        this.release(room)
      },
    }
  }

  /**
   * Runs `fn` with the named rooms (loaded for it) and frees them afterwards if no websocket
   * holds them. `fn` runs in one turn, so what it reads is stored, and what it writes is
   * committed before the promise resolves; when it could not be, the promise rejects with a
   * StorageFailure (and a room holding what was not stored is dropped).
   */
  async use<T>(names: readonly string[], fn: (rooms: readonly Room[]) => T): Promise<T> {
    const leases: RoomLease[] = []
    try {
      for (const name of names) leases.push(await this.hold(name))
      const held = leases.map((lease) => lease.room)
      await this.commits.flush()
      for (const room of held) refuseIfBroken(room)
      const result = fn(held)
      await this.commits.flush()
      for (const room of held) refuseIfBroken(room)
      return result
    } finally {
      for (const lease of leases) lease.release()
    }
  }

  /** Frees a room nobody uses after the unload delay (during shutdown, `compactAll` does). */
  release(room: Room): void {
    if (room.size > 0 || this.busy.has(room) || this.stopping) return
    if (this.rooms.get(room.name) !== room || this.unloadTimers.has(room)) return
    if (this.unloadAfterMs === 0) {
      this.unload(room)
      return
    }
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room)
      if (room.size === 0 && !this.busy.has(room) && !this.stopping) this.unload(room)
    }, this.unloadAfterMs)
    timer.unref()
    this.unloadTimers.set(room, timer)
  }

  private async load(name: string): Promise<Room> {
    await this.unloading.get(name)
    const fanout = this.options.fanout
    // The position is taken before the read: what is stored after the read is on the stream after it.
    const position = fanout ? await streamPosition(fanout, name) : null
    const room = new Room(name, await this.store.loadRoom(name), this.roomOptions)
    if (fanout && position !== null) {
      room.linkTo(
        new RoomLink(room, position, {
          fanout,
          store: this.store,
          rereadMs: this.options.rereadMs ?? 30_000,
        }),
      )
    }
    this.rooms.set(name, room)
    // Nobody may take it after all (the socket that asked closed): it is freed like any other,
    // once those awaiting the load have had their turn to hold it.
    setImmediate(() => this.release(room))
    return room
  }

  private unload(room: Room): void {
    this.rooms.delete(room.name)
    const unloading = room
      .dispose()
      .catch((error: unknown) => {
        // Its log stays as it was; the next load reads it all.
        console.error(`Could not compact ${room.name} (${describeStorageError(error).words})`)
      })
      .finally(() => {
        if (this.unloading.get(room.name) === unloading) this.unloading.delete(room.name)
      })
    this.unloading.set(room.name, unloading)
  }

  private cancelUnload(room: Room): void {
    const timer = this.unloadTimers.get(room)
    if (timer === undefined) return
    clearTimeout(timer)
    this.unloadTimers.delete(room)
  }

  /** Sends the keepalive round to every connection of every room. */
  keepalive(): void {
    for (const room of this.rooms.values()) room.keepalive()
  }

  /** Closes every connection opened with a share's token, in every room; how many there were. */
  closeShare(share: string, code: number, reason: string): number {
    let closed = 0
    for (const room of [...this.rooms.values()]) closed += room.closeShare(share, code, reason)
    return closed
  }

  /** Gives a reader's connections, in every room, a new display name. */
  rename(identity: string, name: string): void {
    for (const room of this.rooms.values()) room.rename(identity, name)
  }

  /** Commits every update queued in any room now; resolves once the rooms heard the outcome. */
  flush(): Promise<void> {
    return this.commits.flush()
  }

  /** Resolves once no room has a large update on trial. */
  async settled(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.frames.settled()))
  }

  /**
   * Begins shutdown: rooms are no longer freed as they empty. Closes every connection with
   * `code` and resolves once every socket has closed.
   */
  async closeAll(code: number, reason: string): Promise<void> {
    this.stopping = true
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    await Promise.all([...this.rooms.values()].map((room) => room.closeConnections(code, reason)))
  }

  /**
   * Compacts and frees every room, one per turn of the event loop, until `deadline` (ms since
   * the epoch); returns the names of the rooms left as they were (their logs stay on disk).
   */
  async compactAll(deadline: number): Promise<string[]> {
    this.stopping = true
    this.stopInstanceWatch()
    const left: string[] = []
    await Promise.allSettled([...this.loading.values(), ...this.unloading.values()])
    for (const room of [...this.rooms.values()]) {
      this.rooms.delete(room.name)
      this.cancelUnload(room)
      if (Date.now() >= deadline) {
        left.push(room.name)
        continue
      }
      try {
        await room.dispose()
      } catch (error) {
        console.error(`Could not compact ${room.name} (${describeStorageError(error).words})`)
        left.push(room.name)
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    return left
  }
}

/** Throws the StorageFailure of a room whose updates could not be stored. */
function refuseIfBroken(room: Room): void {
  const broken = room.broken
  if (broken) throw new StorageFailure(describeStorageError(broken.error), { cause: broken.error })
}
