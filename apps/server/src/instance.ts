/**
 * The running-instance file (`<data>/instance.json`): where the server of a data folder listens
 * and a token for the command line of the same machine, so `pnpm warrant` changes documents
 * through the live server instead of writing under it. Readable by the file's owner only, like
 * the database beside it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Tokens } from './tokens'

/** What the instance file holds. */
export interface Instance {
  url: string
  token: string
  pid: number
}

const FILE = 'instance.json'

/** The instance file of a data folder, or null when there is none (or it is unreadable). */
export function readInstance(dataDir: string): Instance | null {
  const path = join(dataDir, FILE)
  if (!existsSync(path)) return null
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Instance>
    if (typeof value.url !== 'string' || typeof value.token !== 'string') return null
    return { url: value.url, token: value.token, pid: Number(value.pid) }
  } catch {
    return null
  }
}

/**
 * Publishes a starting server: a new owner token for the command line (the last one, left by a
 * server that was killed, is revoked first) written with the address to the instance file.
 */
export async function publishInstance(
  dataDir: string,
  tokens: Tokens,
  url: string,
): Promise<Instance> {
  const stale = readInstance(dataDir)
  if (stale) await tokens.revoke(stale.token)
  const token = await tokens.create({
    role: 'owner',
    label: 'command line',
    document: null,
    commandLine: true,
  })
  const instance: Instance = { url, token, pid: process.pid }
  // With its database elsewhere (DATABASE_URL), nothing else has made the folder.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, FILE)
  writeFileSync(path, `${JSON.stringify(instance, null, 2)}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  return instance
}

/** Withdraws a stopping server's instance file and token. */
export async function withdrawInstance(
  dataDir: string,
  tokens: Tokens,
  instance: Instance,
): Promise<void> {
  await tokens.revoke(instance.token)
  const current = readInstance(dataDir)
  if (current?.token === instance.token) rmSync(join(dataDir, FILE), { force: true })
}
