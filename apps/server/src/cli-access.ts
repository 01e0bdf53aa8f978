/**
 * How the command line reaches a data folder's documents and share links: through its running
 * server when there is one (so a live room is never written under, and a revoked link's open
 * sockets are closed), else by opening the folder itself, with the same code the server runs.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ExportedFile, ImportReport } from '@warrant/export'
import { commandLineActor } from './audit'
import { importDetail } from './audit-records'
import { readInstance } from './instance'
import { Library } from './library'
import { Rooms } from './rooms'
import { type CreatedShare, type NewShareOptions, Shares } from './shares'
import { Storage } from './storage'
import { type Share, Tokens } from './tokens'

/** A refusal the command line prints as it is (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** What the commands do to documents, wherever they live. */
export interface DocumentAccess {
  /** Where the documents are reached, for messages. */
  readonly where: string
  /** The running server's address, or null when the folder is opened directly. */
  readonly origin: string | null
  exportFile(document: string, format: string, style?: string): Promise<ExportedFile>
  importFile(document: string, body: string): Promise<ImportReport>
  /** The shares that open a document (its own and the all-document ones), or all of them. */
  listShares(document: string | null): Promise<Share[]>
  createShare(options: NewShareOptions): Promise<CreatedShare>
  /** Revokes a share (closing its open sockets); a CliError when there is none. */
  revokeShare(id: string): Promise<void>
  close(): void
}

/** The running server of `dataDir` if it answers, else the folder opened directly. */
export async function openAccess(dataDir: string): Promise<DocumentAccess> {
  const instance = readInstance(dataDir)
  if (instance && (await answers(instance.url))) return serverAccess(instance.url, instance.token)
  const file = join(dataDir, 'warrant.sqlite')
  if (!existsSync(file)) {
    throw new CliError(
      `No Warrant data in ${dataDir}. Start the server once with "pnpm start", or set WARRANT_DATA.`,
    )
  }
  return folderAccess(file)
}

async function answers(url: string): Promise<boolean> {
  try {
    // A refused connection fails at once; the wait only matters for a server that is busy.
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) })
    return response.ok
  } catch {
    return false
  }
}

function serverAccess(url: string, token: string): DocumentAccess {
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${token}`)
    const response = await fetch(`${url}/api${path}`, { ...init, headers })
    if (response.ok) return response
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string }
    throw new CliError(body.message ?? body.error ?? `the server answered ${response.status}`)
  }
  const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`
  const sharesPath = (document: string | null) =>
    document === null ? '/shares' : `${documentPath(document)}/shares`
  return {
    where: `the server at ${url}`,
    origin: url,
    async exportFile(document, format, style) {
      const query = new URLSearchParams({ format, ...(style ? { style } : {}) })
      const response = await call(`${documentPath(document)}/export?${query}`)
      const disposition = response.headers.get('content-disposition') ?? ''
      return {
        body: await response.text(),
        contentType: response.headers.get('content-type') ?? '',
        filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${document}.${format}`,
      }
    },
    async importFile(document, body) {
      const response = await call(`${documentPath(document)}/import`, { method: 'POST', body })
      return (await response.json()) as ImportReport
    },
    async listShares(document) {
      const response = await call(sharesPath(document))
      return ((await response.json()) as { shares: Share[] }).shares
    },
    async createShare({ document, ...request }) {
      const response = await call(sharesPath(document), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      })
      return (await response.json()) as CreatedShare
    },
    async revokeShare(id) {
      await call(`/shares/${encodeURIComponent(id)}`, { method: 'DELETE' })
    },
    close() {},
  }
}

function folderAccess(file: string): DocumentAccess {
  const storage = new Storage(file)
  const rooms = new Rooms(storage, { compactAfter: 500 })
  const library = new Library(storage, rooms)
  const shares = new Shares(new Tokens(storage), rooms, library.audit)
  const stored = (id: string) => {
    const found = library.find(id)
    if (!found) {
      const known = storage.listDocuments().map((d) => d.id)
      throw new CliError(`No document "${id}". Documents: ${known.join(', ') || 'none'}.`)
    }
    return found
  }
  return {
    where: `the data folder ${file}`,
    origin: null,
    exportFile: async (document, format, style) =>
      library.exportFile(stored(document), format, style),
    importFile: async (document, body) => {
      const report = library.importFile(stored(document), body)
      const detail = importDetail(report)
      library.audit.record({ ...commandLineActor, document, action: 'import', detail })
      return report
    },
    listShares: async (document) => shares.list(document === null ? null : stored(document).id),
    createShare: async (options) => {
      if (options.document !== null) stored(options.document)
      return shares.create(options, commandLineActor)
    },
    revokeShare: async (id) => {
      if (!shares.revoke(id, commandLineActor)) throw new CliError(`No share "${id}".`)
    },
    close: () => storage.close(),
  }
}
