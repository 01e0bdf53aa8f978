/**
 * How the command line reaches a data folder's documents and share links: through its running
 * server when there is one (so a live room is never written under, and a revoked link's open
 * sockets are closed), else by opening the folder itself, with the same code the server runs.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ImportError, sourceTypeOf } from '@warrant/document'
import type { ExportedFile, ImportReport } from '@warrant/export'
import { Audit, commandLineActor } from './audit'
import { importDetail } from './audit-records'
import type { ServerConfig } from './config'
import {
  addDocument,
  createdDetail,
  type DocumentSource,
  newDocumentRecord,
} from './create-document'
import { readInstance } from './instance'
import { Library } from './library'
import { Rooms } from './rooms'
import { type CreatedShare, type NewShareOptions, Shares } from './shares'
import { SourceImporter } from './source-importer'
import { Storage } from './storage'
import { sqliteStores } from './stores'
import { type Share, Tokens } from './tokens'

/** A refusal the command line prints as it is (no stack trace). */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** A source file to make a document of, and the title asked for. */
export interface NewDocumentFile {
  fileName: string
  bytes: Uint8Array
  title?: string
}

/** A document the command line created. */
export interface AddedDocument {
  id: string
  title: string
  paragraphs: number
}

/** The limits of imports made on the data folder itself (the server applies its own). */
export type AccessOptions = Partial<Pick<ServerConfig, 'importTimeoutMs' | 'maxDocumentBytes'>>

/** What the commands do to documents, wherever they live. */
export interface DocumentAccess {
  /** Where the documents are reached, for messages. */
  readonly where: string
  /** The running server's address, or null when the folder is opened directly. */
  readonly origin: string | null
  exportFile(document: string, format: string, style?: string): Promise<ExportedFile>
  importFile(document: string, body: string): Promise<ImportReport>
  /** Creates a document from a Markdown, HTML, text or PDF file; a CliError when refused. */
  addDocument(file: NewDocumentFile): Promise<AddedDocument>
  /** The shares that open a document (its own and the all-document ones), or all of them. */
  listShares(document: string | null): Promise<Share[]>
  createShare(options: NewShareOptions): Promise<CreatedShare>
  /** Revokes a share (closing its open sockets); a CliError when there is none. */
  revokeShare(id: string): Promise<void>
  /** Ends the access (writing what the audit log still queues, closing the folder). */
  close(): Promise<void>
}

/** The running server of `dataDir` if it answers, else the folder opened directly. */
export async function openAccess(
  dataDir: string,
  options: AccessOptions = {},
): Promise<DocumentAccess> {
  const instance = readInstance(dataDir)
  if (instance && (await answers(instance.url))) return serverAccess(instance.url, instance.token)
  const file = join(dataDir, 'warrant.sqlite')
  if (!existsSync(file)) {
    throw new CliError(
      `No Warrant data in ${dataDir}. Start the server once with "pnpm start", or set WARRANT_DATA.`,
    )
  }
  return folderAccess(file, options)
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
    async addDocument({ fileName, bytes, title }) {
      const body = new FormData()
      body.append('file', new File([bytes.slice()], fileName))
      if (title !== undefined) body.append('title', title)
      const response = await call('/documents', { method: 'POST', body })
      const view = (await response.json()) as {
        id: string
        title: string
        blocks: Array<{ paragraph: number | null }>
      }
      const paragraphs = view.blocks.filter((block) => block.paragraph !== null).length
      return { id: view.id, title: view.title, paragraphs }
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
    async close() {},
  }
}

function folderAccess(file: string, options: AccessOptions): DocumentAccess {
  const storage = new Storage(file)
  const stores = sqliteStores(storage)
  const audit = new Audit(stores.audit)
  const rooms = new Rooms(stores.rooms, { compactAfter: 500, audit })
  const library = new Library(stores, rooms, audit)
  const shares = new Shares(new Tokens(stores.tokens), rooms, audit)
  const stored = async (id: string) => {
    const found = await library.find(id)
    if (!found) {
      const known = (await stores.documents.list()).map((d) => d.id)
      throw new CliError(`No document "${id}". Documents: ${known.join(', ') || 'none'}.`)
    }
    return found
  }
  return {
    where: `the data folder ${file}`,
    origin: null,
    exportFile: async (document, format, style) =>
      library.exportFile(await stored(document), format, style),
    importFile: async (document, body) => {
      const report = await library.importFile(await stored(document), body)
      const detail = importDetail(report)
      library.audit.record({ ...commandLineActor, document, action: 'import', detail })
      return report
    },
    addDocument: async ({ fileName, bytes, title }) => {
      const type = sourceTypeOf(null, fileName)
      if (!type) {
        throw new CliError(
          `Warrant imports .md, .html, .txt and .pdf files; "${fileName}" is none.`,
        )
      }
      const source: DocumentSource = {
        type,
        fileName,
        title: title?.trim() || null,
        record: {},
        bytes: bytes.byteLength,
      }
      const importer = new SourceImporter(
        options.importTimeoutMs === undefined ? {} : { timeoutMs: options.importTimeoutMs },
      )
      try {
        const maxBytes = options.maxDocumentBytes || undefined
        const imported = await importer.run(bytes, type, maxBytes ? { maxBytes } : {})
        const record = await addDocument(stores.documents, {
          doc: imported.doc,
          record: newDocumentRecord(imported, source),
        })
        const detail = createdDetail(record, source, imported)
        library.audit.record({
          ...commandLineActor,
          document: record.id,
          action: 'document.create',
          detail,
        })
        return { id: record.id, title: String(record.title), paragraphs: Number(detail.paragraphs) }
      } catch (error) {
        if (error instanceof ImportError) throw new CliError(error.message)
        throw error
      } finally {
        importer.close()
      }
    },
    listShares: async (document) =>
      shares.list(document === null ? null : (await stored(document)).id),
    createShare: async (options) => {
      if (options.document !== null) await stored(options.document)
      return shares.create(options, commandLineActor)
    },
    revokeShare: async (id) => {
      if (!(await shares.revoke(id, commandLineActor))) throw new CliError(`No share "${id}".`)
    },
    close: async () => {
      // The rooms it wrote are compacted and freed before the database closes.
      await rooms.compactAll(Date.now() + 10_000)
      await library.audit.settled()
      await stores.close()
    },
  }
}
