/**
 * The instance owner: whoever runs this server, as against an owner by share link. Owner links
 * to every document can be made and handed out through the API; what concerns the server
 * process itself (its loaded rooms, connections and memory) is only for the token printed on
 * the data folder's first start (and sessions opened with it) and the command line's token.
 */
import type { Storage } from './storage'
import type { TokenAccess } from './tokens'

const metaKey = 'instance-owner'

/** Records the share id of the owner token made on the data folder's first start. */
export function recordInstanceOwner(storage: Storage, shareId: string): void {
  storage.setMeta(metaKey, shareId)
}

/** The share id of the first start's owner token, or null when it is unknown or revoked. */
export function instanceOwnerShare(storage: Storage): string | null {
  const recorded = storage.getMeta(metaKey)
  if (recorded !== null) return recorded
  // A folder seeded before the owner was recorded: its owner token was made in the transaction
  // that marked it seeded, so no other share link is as old.
  const seeded = storage.getMeta('seeded')
  if (seeded === null) return null
  const row = storage.db
    .prepare(
      "SELECT id FROM tokens WHERE kind = 'share' AND role = 'owner' AND document IS NULL " +
        "AND label = 'owner' AND parent IS NULL AND created <= ? ORDER BY created, rowid LIMIT 1",
    )
    .get(seeded) as { id: string } | undefined
  return row?.id ?? null
}

/** Whether a token is the instance owner's: the first start's owner token or the command line's. */
export function isInstanceOwner(storage: Storage, access: TokenAccess): boolean {
  if (access.role !== 'owner' || access.document !== null) return false
  const row = storage.db.prepare('SELECT kind FROM tokens WHERE id = ?').get(access.share) as
    | { kind: string }
    | undefined
  if (!row) return false
  return row.kind === 'command-line' || access.share === instanceOwnerShare(storage)
}
