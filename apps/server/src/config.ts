/**
 * The server's settings, read once from the environment so every module receives plain values.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOrigins } from './browser-safety'
import type { ConnectionCapsOptions } from './connection-caps'
import type { RateOptions } from './rate-limit'

/** Everything the server needs to know to start. */
export interface ServerConfig {
  /** Port to listen on; 0 picks any free port. */
  port: number
  /** Interface to listen on. */
  host: string
  /** Folder holding the SQLite file. */
  dataDir: string
  /** Folder of Markdown documents imported on the first start of a data folder. */
  documentsDir: string
  /** The built web app (served at `/`). */
  webDist: string
  /** How often idle websockets are pinged and sent a keepalive message, in ms. */
  keepaliveMs: number
  /** Update-log rows after which a room is compacted into a snapshot. */
  compactAfter: number
  /** Largest websocket frame accepted, in bytes. */
  maxFrameBytes: number
  /** Largest HTTP request body accepted, in bytes. */
  maxBodyBytes: number
  /** Largest export file an import accepts, in bytes. */
  maxImportBytes: number
  /** Largest source document (Markdown, HTML, text, PDF) a new document is made from, in bytes. */
  maxDocumentBytes: number
  /** How long importing one source document may take before it is stopped, in ms. */
  importTimeoutMs: number
  /**
   * Writes per token, burst then per second, budgeted apart for HTTP (POST, PUT, PATCH, DELETE
   * under /api; 429 beyond) and for document updates over websockets (paused beyond).
   */
  rate: RateOptions
  /** Open websocket connections and distinct open documents per token. */
  connectionCaps: ConnectionCapsOptions
  /** How long applying one large incoming update may take before it is refused, in ms. */
  updateTimeoutMs: number
  /** Origins besides the server's own whose pages may call the API and open sync sockets. */
  allowedOrigins: string[]
  /** How long a write waits for another program's lock on the database, in ms. */
  busyTimeoutMs: number
  /** The largest the database may grow, in bytes (writes beyond fail as on a full disk); 0: none. */
  maxDatabaseBytes: number
  /** How long a room nobody uses stays loaded, in ms. */
  unloadAfterMs: number
  /** A PostgreSQL URL to store everything in instead of the data folder's SQLite file. */
  databaseUrl: string | null
  /** The PostgreSQL schema holding Warrant's tables. */
  databaseSchema: string
  /** A Redis URL through which instances send each other stored updates and awareness. */
  redisUrl: string | null
  /** The prefix of every Redis key this instance uses. */
  redisPrefix: string
}

/** The repository root (apps/server/src/config.ts is three folders below it). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** Reads the configuration from environment variables, with the documented defaults. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: integer(env.PORT, 8787, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.WARRANT_DATA || resolve(repoRoot, 'data')),
    documentsDir: resolve(env.WARRANT_DOCUMENTS || resolve(repoRoot, 'documents')),
    webDist: resolve(env.WARRANT_WEB_DIST || resolve(repoRoot, 'apps/web/dist')),
    keepaliveMs: integer(env.WARRANT_KEEPALIVE_MS, 15_000, 'WARRANT_KEEPALIVE_MS'),
    compactAfter: integer(env.WARRANT_COMPACT_AFTER, 500, 'WARRANT_COMPACT_AFTER'),
    maxFrameBytes: integer(env.WARRANT_MAX_FRAME_BYTES, 8 * 1024 * 1024, 'WARRANT_MAX_FRAME_BYTES'),
    maxBodyBytes: integer(env.WARRANT_MAX_BODY_BYTES, 1024 * 1024, 'WARRANT_MAX_BODY_BYTES'),
    maxImportBytes: integer(
      env.WARRANT_MAX_IMPORT_BYTES,
      64 * 1024 * 1024,
      'WARRANT_MAX_IMPORT_BYTES',
    ),
    maxDocumentBytes: integer(
      env.WARRANT_MAX_DOCUMENT_BYTES,
      32 * 1024 * 1024,
      'WARRANT_MAX_DOCUMENT_BYTES',
    ),
    importTimeoutMs: integer(env.WARRANT_IMPORT_TIMEOUT_MS, 20_000, 'WARRANT_IMPORT_TIMEOUT_MS'),
    rate: {
      burst: integer(env.WARRANT_RATE_BURST, 60, 'WARRANT_RATE_BURST'),
      perSecond: integer(env.WARRANT_RATE_PER_SECOND, 20, 'WARRANT_RATE_PER_SECOND'),
    },
    connectionCaps: {
      maxConnections: integer(env.WARRANT_MAX_CONNECTIONS, 64, 'WARRANT_MAX_CONNECTIONS'),
      maxDocuments: integer(env.WARRANT_MAX_DOCUMENTS, 32, 'WARRANT_MAX_DOCUMENTS'),
    },
    updateTimeoutMs: integer(env.WARRANT_UPDATE_TIMEOUT_MS, 1000, 'WARRANT_UPDATE_TIMEOUT_MS'),
    allowedOrigins: parseOrigins(env.WARRANT_ORIGINS),
    // The wait blocks the event loop (better-sqlite3 is synchronous), so it is kept short.
    busyTimeoutMs: integer(env.WARRANT_BUSY_TIMEOUT_MS, 1000, 'WARRANT_BUSY_TIMEOUT_MS'),
    maxDatabaseBytes: integer(env.WARRANT_MAX_DATABASE_BYTES, 0, 'WARRANT_MAX_DATABASE_BYTES'),
    unloadAfterMs: integer(env.WARRANT_UNLOAD_AFTER_MS, 10_000, 'WARRANT_UNLOAD_AFTER_MS'),
    databaseUrl: url(env.DATABASE_URL, ['postgres:', 'postgresql:'], 'DATABASE_URL'),
    databaseSchema: env.WARRANT_DATABASE_SCHEMA || 'warrant',
    redisUrl: url(env.REDIS_URL, ['redis:', 'rediss:'], 'REDIS_URL'),
    redisPrefix: env.WARRANT_REDIS_PREFIX || 'warrant:',
  }
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number, not "${value}"`)
  return n
}

function url(value: string | undefined, protocols: string[], name: string): string | null {
  if (value === undefined || value === '') return null
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new Error(`${name} must be a URL, not "${value}"`)
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new Error(`${name} must start with ${protocols.join(' or ')}//, not "${parsed.protocol}"`)
  }
  return value
}

/** The address to print for a listening host ('0.0.0.0' and '::' are not addresses to open). */
export function publicOrigin(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`
}
