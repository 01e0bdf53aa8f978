/**
 * The instance owner: whoever runs this server, as against an owner by share link. Owner links
 * to every document can be made and handed out through the API; what concerns the server
 * process itself (its loaded rooms, connections and memory) is only for the token printed on
 * the data folder's first start (and sessions opened with it) and the command line's token.
 */
import { type MetaStore, metaKeys } from './meta-store'
import type { TokenAccess, Tokens } from './tokens'

/** Records the share id of the owner token made on the data folder's first start. */
export async function recordInstanceOwner(meta: MetaStore, shareId: string): Promise<void> {
  await meta.set(metaKeys.instanceOwner, shareId)
}

/** The share id of the first start's owner token, or null when it is unknown or revoked. */
export async function instanceOwnerShare(meta: MetaStore, tokens: Tokens): Promise<string | null> {
  const recorded = await meta.get(metaKeys.instanceOwner)
  if (recorded !== null) return recorded
  // A folder seeded before the owner was recorded: its owner token was made in the transaction
  // that marked it seeded, so no other share link is as old.
  const seeded = await meta.get(metaKeys.seeded)
  if (seeded === null) return null
  const first = (await tokens.list(null)).find(
    (share) =>
      share.role === 'owner' &&
      share.document === null &&
      share.label === 'owner' &&
      share.created <= seeded,
  )
  return first?.id ?? null
}

/** Whether a token is the instance owner's: the first start's owner token or the command line's. */
export async function isInstanceOwner(
  meta: MetaStore,
  tokens: Tokens,
  access: TokenAccess,
): Promise<boolean> {
  if (access.role !== 'owner' || access.document !== null) return false
  // A verified token's share exists: revoking a share deletes its sessions with it.
  if (access.commandLine) return true
  return access.share === (await instanceOwnerShare(meta, tokens))
}
