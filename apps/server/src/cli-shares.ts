/**
 * The share commands of the command line: `share` creates a link (printed alone on standard
 * output, so a script can take it) or revokes one with `--revoke`, and `shares` lists them,
 * through the running server or the data folder like every command.
 */
import { CliError, type DocumentAccess } from './cli-access'
import { ShareError, shareExpiry } from './shares'
import { type Role, roles, type Share } from './tokens'

/** The options the share commands read. */
export interface ShareCommandOptions {
  document?: string
  role?: string
  label?: string
  expires?: string
  revoke?: string
}

/** Where the documents are shared from when no server runs (the address it will listen on). */
export interface ShareOriginOptions {
  fallbackOrigin: string
}

/** `pnpm warrant share …`: creates a link and prints it, or revokes one. */
export async function shareCommand(
  access: DocumentAccess,
  values: ShareCommandOptions,
  { fallbackOrigin }: ShareOriginOptions,
): Promise<void> {
  if (values.revoke !== undefined) {
    await access.revokeShare(values.revoke)
    const closed = access.origin === null ? '' : '; its open connections were closed'
    console.error(`Revoked share ${values.revoke} (${access.where})${closed}.`)
    return
  }
  const role = parseRole(values.role)
  const label = values.label?.trim() ?? ''
  if (label === '') throw new CliError('Give the link a label with --label, such as who it is for.')
  const expires = values.expires === undefined ? null : parseExpiry(values.expires)
  const created = await access.createShare({
    role,
    label,
    document: values.document ?? null,
    expires,
  })
  console.log(new URL(created.path, access.origin ?? fallbackOrigin).href)
  console.error(
    `Created share ${created.share.id}: ${describeShare(created.share)} (${access.where}).`,
  )
}

/** `pnpm warrant shares [--document ID]`: one line per share, oldest first. */
export async function sharesCommand(
  access: DocumentAccess,
  values: ShareCommandOptions,
): Promise<void> {
  const shares = await access.listShares(values.document ?? null)
  if (shares.length === 0) {
    console.log('No share links.')
    return
  }
  for (const share of shares) console.log(`${share.id}  ${describeShare(share)}`)
}

/** A share in words: role, label, scope, expiry and creation. */
export function describeShare(share: Share): string {
  const scope = share.document === null ? 'every document' : `document ${share.document}`
  const expiry = share.expires === null ? 'never expires' : `expires ${share.expires}`
  return `${share.role}  "${share.label}"  ${scope}  ${expiry}  created ${share.created}`
}

function parseRole(value: string | undefined): Role {
  if (value === undefined) throw new CliError(`Choose a role with --role: ${roles.join(', ')}.`)
  if (!(roles as readonly string[]).includes(value)) {
    throw new CliError(`Unknown role "${value}": choose one of ${roles.join(', ')}.`)
  }
  return value as Role
}

function parseExpiry(value: string): string {
  try {
    return shareExpiry(value)
  } catch (error) {
    if (error instanceof ShareError) throw new CliError(`--expires: ${error.message}`)
    throw error
  }
}
