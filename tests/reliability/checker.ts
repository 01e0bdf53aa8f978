/**
 * The checker of the fault tests: given recorded histories and each room's state as reloaded from
 * storage after the fault, it lists every update that the server acknowledged or relayed (and so
 * promised was on disk) but that the stored state does not hold.
 */
import * as Y from 'yjs'
import {
  acknowledgedOperations,
  type HistorySnapshot,
  type StateVector,
  type UpdateIds,
} from './history'

/** A room's state as stored: what it holds, by id. */
export interface StoredState {
  vector: StateVector
  deleted: ReturnType<typeof Y.createDeleteSetFromStructStore>
}

/** Options of check. */
export interface CheckOptions {
  /** Require unacknowledged operations too (after the clients reconnected and re-sent them). */
  everything?: boolean
}

/** One promise the stored state breaks. */
export interface Loss {
  replica: string
  room: string
  /** An acknowledged operation, an update received from the server, or an acknowledged clock. */
  kind: 'acknowledged' | 'relayed' | 'acknowledgement'
  /** What is missing, for the test's message. */
  missing: string
}

/** What a check looked at and what it found missing. */
export interface CheckResult {
  /** Operations covered by an acknowledgement, each checked. */
  acknowledged: number
  /** Operations no acknowledgement covered (not promised, not checked). */
  unacknowledged: number
  /** Updates received from the server, each checked. */
  relayed: number
  /** Acknowledgement vectors, each checked against the stored vector. */
  acknowledgements: number
  lost: Loss[]
}

/** Reads what a reloaded doc holds. */
export function storedStateOf(doc: Y.Doc): StoredState {
  return {
    vector: Y.decodeStateVector(Y.encodeStateVector(doc)),
    deleted: Y.createDeleteSetFromStructStore(doc.store),
  }
}

/** Describes what of an update the stored state lacks, or null when it holds all of it. */
export function missingOf(ids: UpdateIds, stored: StoredState): string | null {
  const missing: string[] = []
  for (const { client, from, to } of ids.ranges) {
    const held = stored.vector.get(client) ?? 0
    if (held < to) missing.push(`items ${client}:${Math.max(from, held)}..${to - 1}`)
  }
  for (const { client, clock, len } of ids.deletes) {
    for (let at = clock; at < clock + len; at++) {
      if (!Y.isDeleted(stored.deleted, Y.createID(client, at))) {
        missing.push(`deletion of ${client}:${at}`)
        break
      }
    }
  }
  return missing.length > 0 ? missing.join(', ') : null
}

/**
 * Checks histories against the stored state of their rooms (`stored` by room name): every
 * acknowledged operation, every update received from the server and every acknowledged clock
 * must be held.
 */
export function check(
  histories: readonly HistorySnapshot[],
  stored: ReadonlyMap<string, StoredState>,
  options: CheckOptions = {},
): CheckResult {
  const result: CheckResult = {
    acknowledged: 0,
    unacknowledged: 0,
    relayed: 0,
    acknowledgements: 0,
    lost: [],
  }
  for (const history of histories) {
    const state = stored.get(history.room)
    if (!state) throw new Error(`no stored state for room ${history.room}`)
    const lose = (kind: Loss['kind'], missing: string | null) => {
      if (missing !== null)
        result.lost.push({ replica: history.replica, room: history.room, kind, missing })
    }
    const acknowledged = acknowledgedOperations(history)
    result.acknowledged += acknowledged.length
    result.unacknowledged += history.operations.length - acknowledged.length
    const required = options.everything ? history.operations : acknowledged
    for (const operation of required) lose('acknowledged', missingOf(operation, state))
    for (const update of history.relayed) {
      result.relayed += 1
      lose('relayed', missingOf(update, state))
    }
    for (const vector of history.acknowledgements) {
      result.acknowledgements += 1
      const short = [...vector].filter(([client, clock]) => (state.vector.get(client) ?? 0) < clock)
      lose(
        'acknowledgement',
        short.length > 0
          ? short.map(([client, clock]) => `clock ${client}:${clock - 1}`).join(', ')
          : null,
      )
    }
  }
  return result
}

/** One line per loss, for an assertion message. */
export function describeLosses(lost: readonly Loss[]): string {
  return lost
    .map((loss) => `${loss.kind} ${loss.replica} in ${loss.room}: ${loss.missing}`)
    .join('\n')
}
