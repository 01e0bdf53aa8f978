/**
 * The live rooms of the server: a room is loaded from storage when first used (by a
 * websocket or an HTTP write) and compacted and freed when nobody uses it any more. Their
 * updates are stored through one group commit, so one transaction holds a turn's updates.
 */
import { GroupCommit } from './group-commit'
import { Room, type RoomOptions } from './room'
import type { Storage } from './storage'
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
  compactAfter: number
}

/** The registry of loaded rooms. */
export class Rooms {
  private readonly rooms = new Map<string, Room>()
  private readonly busy = new Map<Room, number>()
  private readonly commits: GroupCommit
  /** Set once shutdown began: emptied rooms wait for `compactAll`. */
  private stopping = false

  // One options object for every room: a room holds no callbacks of its own.
  private readonly roomOptions: RoomOptions

  constructor(
    private readonly storage: Storage,
    options: RoomsOptions,
  ) {
    this.commits = new GroupCommit(storage)
    this.roomOptions = {
      compactAfter: options.compactAfter,
      commits: this.commits,
      onEmpty: (r) => this.release(r),
      onBroken: (r, error) => {
        const fault = describeStorageError(error)
        console.error(`Could not store an update of ${r.name} (${fault.words}); dropping the room`)
        // The room is reloaded from disk by the next connection; its clients resend their work.
        if (this.rooms.get(r.name) === r) this.rooms.delete(r.name)
        void r.closeConnections(1011, couldNotStore(fault))
      },
    }
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

  /** The room, loaded from storage if it is not live (synchronously, so before any sync). */
  open(name: string): Room {
    const live = this.rooms.get(name)
    if (live) return live
    const room = new Room(name, this.storage, this.roomOptions)
    this.rooms.set(name, room)
    return room
  }

  /**
   * Runs `fn` with the named rooms (loaded for it) and frees them afterwards if no websocket
   * holds them. `fn` runs in one turn, so what it reads is stored, and what it writes is
   * committed before the promise resolves; when it could not be, the promise rejects with a
   * StorageFailure (and a room holding what was not stored is dropped).
   */
  async use<T>(names: readonly string[], fn: (rooms: readonly Room[]) => T): Promise<T> {
    const held = names.map((name) => this.open(name))
    for (const room of held) this.busy.set(room, (this.busy.get(room) ?? 0) + 1)
    try {
      this.commits.flush()
      for (const room of held) refuseIfBroken(room)
      const result = fn(held)
      this.commits.flush()
      for (const room of held) refuseIfBroken(room)
      return result
    } finally {
      this.commits.flush()
      for (const room of held) {
        const count = (this.busy.get(room) ?? 1) - 1
        if (count > 0) this.busy.set(room, count)
        else this.busy.delete(room)
        this.release(room)
      }
    }
  }

  /** Compacts and frees a room once nobody uses it (during shutdown, `compactAll` does). */
  release(room: Room): void {
    if (room.size > 0 || this.busy.has(room) || this.stopping) return
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
    try {
      room.dispose()
    } catch (error) {
      console.error(`Could not compact ${room.name}`, error)
    }
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

  /** Commits every update queued in any room now. */
  flush(): void {
    this.commits.flush()
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
    await Promise.all([...this.rooms.values()].map((room) => room.closeConnections(code, reason)))
  }

  /**
   * Compacts and frees every room, one per turn of the event loop, until `deadline` (ms since
   * the epoch); returns the names of the rooms left as they were (their logs stay on disk).
   */
  async compactAll(deadline: number): Promise<string[]> {
    const left: string[] = []
    for (const room of [...this.rooms.values()]) {
      this.rooms.delete(room.name)
      if (Date.now() >= deadline) {
        left.push(room.name)
        continue
      }
      try {
        room.dispose()
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
