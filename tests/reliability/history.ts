/**
 * The recorded history of a fault test: for each replica (one client's Y.Doc in one room), every
 * update it made with its Yjs ids (client id and clock range, plus the ids it deleted), every
 * stored acknowledgement it received, and every update it received from the server. The checker
 * (checker.ts) compares such a history with the state reloaded from storage after a fault.
 */
import * as Y from 'yjs'

/** A state vector: the next clock of each client id. */
export type StateVector = Map<number, number>

/** The clocks `from` (inclusive) to `to` (exclusive) of one client id. */
export interface ClockRange {
  client: number
  from: number
  to: number
}

/** `len` deleted ids of one client id, from `clock`. */
export interface DeleteRange {
  client: number
  clock: number
  len: number
}

/** The ids one update carries: the items it inserts and the items it deletes. */
export interface UpdateIds {
  ranges: ClockRange[]
  deletes: DeleteRange[]
}

/** An update a replica made itself. */
export interface Operation extends UpdateIds {
  /** The replica's client id when it made it. */
  client: number
  /**
   * The clock of `client` an acknowledgement must reach to cover it: the end of its own range, or
   * for an update that only deletes, one past the clock it was made at (an acknowledged later
   * item of the same client was sent after it, on the same socket or in the same reconnect reply).
   */
  coveredAt: number
}

/** What one replica did and saw, frozen at a moment. */
export interface HistorySnapshot {
  replica: string
  room: string
  operations: Operation[]
  acknowledgements: StateVector[]
  relayed: UpdateIds[]
}

/** The ids of an update, read from its bytes. */
export function idsOf(update: Uint8Array): UpdateIds {
  const meta = Y.parseUpdateMeta(update)
  const ranges: ClockRange[] = []
  for (const [client, to] of meta.to) {
    const from = meta.from.get(client) ?? 0
    if (to > from) ranges.push({ client, from, to })
  }
  const deletes: DeleteRange[] = []
  for (const [client, items] of Y.decodeUpdate(update).ds.clients) {
    for (const item of items) deletes.push({ client, clock: item.clock, len: item.len })
  }
  return { ranges, deletes }
}

/**
 * Records a replica's history: its own updates from its doc (an update applied with `remote` as
 * the transaction origin came from the server and is not its own), and the updates the server
 * sent it as they came off the socket (`received`), since applying one can also delete some of
 * the replica's own items (a map value that lost to a concurrent one) that the server never had.
 * The state the doc already holds when recording starts came from the server too.
 */
export class ReplicaHistory {
  readonly operations: Operation[] = []
  readonly relayed: UpdateIds[] = []
  private clock: number

  constructor(
    readonly replica: string,
    readonly room: string,
    private readonly doc: Y.Doc,
    private readonly remote: unknown,
    /** The replica's acknowledgements, appended to by whoever reads them off the socket. */
    private readonly acknowledgements: readonly StateVector[],
  ) {
    this.clock = Y.getState(doc.store, doc.clientID)
    const initial = idsOf(Y.encodeStateAsUpdate(doc))
    if (initial.ranges.length > 0 || initial.deletes.length > 0) this.relayed.push(initial)
    doc.on('update', this.onUpdate)
  }

  /** A copy of everything recorded so far. */
  snapshot(): HistorySnapshot {
    return {
      replica: this.replica,
      room: this.room,
      operations: [...this.operations],
      acknowledgements: this.acknowledgements.map((vector) => new Map(vector)),
      relayed: [...this.relayed],
    }
  }

  /** Stops recording. */
  detach(): void {
    this.doc.off('update', this.onUpdate)
  }

  /** Records an update the server sent (a relayed update or a sync reply), as sent. */
  received(update: Uint8Array): void {
    this.relayed.push(idsOf(update))
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.remote) return
    const ids = idsOf(update)
    const client = this.doc.clientID
    const own = ids.ranges.find((range) => range.client === client)
    const coveredAt = own ? own.to : this.clock + 1
    if (own) this.clock = own.to
    this.operations.push({ ...ids, client, coveredAt })
  }
}

/** Whether an acknowledgement covers an operation. */
export function acknowledges(vector: StateVector, operation: Operation): boolean {
  return (vector.get(operation.client) ?? 0) >= operation.coveredAt
}

/** The operations of a history that some acknowledgement it received covers. */
export function acknowledgedOperations(history: HistorySnapshot): Operation[] {
  // An operation is judged by one client's clock, so the highest acknowledged one decides.
  const highest = new Map<number, number>()
  for (const vector of history.acknowledgements) {
    for (const [client, clock] of vector) {
      if (clock > (highest.get(client) ?? 0)) highest.set(client, clock)
    }
  }
  return history.operations.filter((operation) => acknowledges(highest, operation))
}
