/**
 * How the command line reaches a data folder's documents: through its running server when there
 * is one (so a live room is never written under), else by opening the folder itself, with the
 * same Library code the server runs.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ExportedFile, ImportReport } from '@warrant/export'
import { readInstance } from './instance'
import { Library } from './library'
import { Rooms } from './rooms'
import { Storage } from './storage'

/** A refusal the command line prints as it is (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** What the commands do to documents, wherever they live. */
export interface DocumentAccess {
  /** Where the documents are reached, for messages. */
  readonly where: string
  exportFile(document: string, format: string, style?: string): Promise<ExportedFile>
  importFile(document: string, body: string): Promise<ImportReport>
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
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
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
    const body = (await response.json().catch(() => ({}))) as { error?: string }
    throw new CliError(body.error ?? `the server answered ${response.status}`)
  }
  const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`
  return {
    where: `the server at ${url}`,
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
    close() {},
  }
}

function folderAccess(file: string): DocumentAccess {
  const storage = new Storage(file)
  const library = new Library(storage, new Rooms(storage, { compactAfter: 500 }))
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
    exportFile: async (document, format, style) =>
      library.exportFile(stored(document), format, style),
    importFile: async (document, body) => library.importFile(stored(document), body),
    close: () => storage.close(),
  }
}
