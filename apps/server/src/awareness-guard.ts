/**
 * Awareness is the one part of the y-websocket protocol where a client speaks for itself, and
 * `applyAwarenessUpdate` believes any client id it is given (y-protocols#33): one reader could
 * publish a cursor under another's id, or a null state that makes another reader vanish
 * (reearth/ygo#73). The server reads each update entry by entry, keeps only the entries of the
 * connection's own client id, and writes the user fields from the connection's token.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** One client's entry of an awareness update; a null state means the client left. */
export interface AwarenessEntry {
  client: number
  clock: number
  state: unknown
}

/** Who a connection is, as its token says: what other readers see next to its cursor. */
export interface AwarenessUser {
  name: string
  role: string
}

/** The entries of an awareness update; throws on truncated bytes or a state that is not JSON. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state: unknown = JSON.parse(decoding.readVarString(decoder))
    entries.push({ client, clock, state })
  }
  return entries
}

/** An awareness update of `entries`, as `encodeAwarenessUpdate` writes it. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.client)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}

/**
 * A state with its `user` name and role taken from the token (other user fields, such as the
 * cursor colour, are the client's). A state that is not an object cannot carry them and is
 * refused (undefined).
 */
export function stampUser(state: unknown, user: AwarenessUser): unknown {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return undefined
  const record = state as Record<string, unknown>
  const given = record.user
  const fields =
    typeof given === 'object' && given !== null && !Array.isArray(given)
      ? (given as Record<string, unknown>)
      : {}
  return { ...record, user: { ...fields, name: user.name, role: user.role } }
}

/** What a connection may publish: its bound client id (null until its first state) and user. */
export interface AwarenessBinding {
  client: number | null
  user: AwarenessUser
}

/**
 * The entries a connection may publish: those of its own client id, stamped with its user.
 * The first entry with a state binds the connection to its id if `mayClaim` allows it; every
 * entry for another id, null or not, is dropped.
 */
export function admitAwareness(
  binding: AwarenessBinding,
  entries: readonly AwarenessEntry[],
  mayClaim: (client: number) => boolean,
): AwarenessEntry[] {
  const admitted: AwarenessEntry[] = []
  for (const entry of entries) {
    if (binding.client === null) {
      // A null state cannot bind: it would let a first message remove another reader.
      if (entry.state === null || !mayClaim(entry.client)) continue
      binding.client = entry.client
    }
    if (entry.client !== binding.client) continue
    if (entry.state === null) {
      admitted.push(entry)
      continue
    }
    const state = stampUser(entry.state, binding.user)
    if (state !== undefined) admitted.push({ ...entry, state })
  }
  return admitted
}
