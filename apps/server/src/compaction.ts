/**
 * When a room's log is folded into its snapshot: once the rows stored since the last fold
 * (by this instance, or seen arriving from others) reach the limit, and when the room is freed.
 * The fold itself is the store's (`RoomStore.compactRoom`), which folds the rows it holds and
 * never a live document, since no instance's document is sure to hold every row.
 */
import type { GroupCommit } from './group-commit'
import type { RoomStore } from './room-store'

/** Options of a room's compaction. */
export interface CompactionOptions {
  /** Log rows after which the room is compacted. */
  compactAfter: number
  store: RoomStore
  /** The group commit whose queue is committed before each fold. */
  commits: GroupCommit
  /** Whether the room holds updates that could not be stored (then nothing is folded). */
  broken: () => boolean
}

/** The compaction of one room's log. */
export class Compaction {
  private rows: number
  private queued = false
  private running: Promise<void> | null = null
  private stopped = false

  /** Starts counting from the `rows` a load read; a log already past the limit is folded soon. */
  constructor(
    private readonly room: string,
    rows: number,
    private readonly options: CompactionOptions,
  ) {
    this.rows = rows
    this.counted(0)
  }

  /** Counts rows stored, and queues a fold once they reach the limit. */
  counted(rows: number): void {
    this.rows += rows
    if (this.rows >= this.options.compactAfter) this.queue()
  }

  /** Commits what is queued, then folds the stored log; one fold at a time. */
  run(): Promise<void> {
    this.running ??= this.fold().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Queues no more folds (the room is being freed; its last fold is `run` directly). */
  stop(): void {
    this.stopped = true
  }

  private async fold(): Promise<void> {
    await this.options.commits.flush()
    // A broken room's doc holds updates that were never stored: nothing may look folded.
    if (this.rows === 0 || this.options.broken()) return
    const folding = this.rows
    await this.options.store.compactRoom(this.room, Number.MAX_SAFE_INTEGER)
    // Rows stored while it ran may or may not be folded: they count towards the next one.
    this.rows = Math.max(0, this.rows - folding)
  }

  /** Folds once the current turn of the event loop is done. */
  private queue(): void {
    if (this.queued || this.stopped) return
    this.queued = true
    setImmediate(() => {
      this.queued = false
      if (this.stopped) return
      this.run().catch((error: unknown) => {
        // The log is kept as it was; the next compaction folds it.
        console.error(`Could not compact ${this.room}`, error)
      })
    })
  }
}
