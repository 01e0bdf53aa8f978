/**
 * The app the document-creation tests drive: the testkit's app rebuilt with a small document
 * limit and importers of its own (one with a time limit too short for any import), plus the
 * fixtures and the ways to upload them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../app'
import { setup } from '../app.testkit'
import { Shares } from '../shares'
import { SourceImporter } from '../source-importer'

export const repoRoot = new URL('../../../../', import.meta.url)
export const briefHtml = readFileSync(new URL('packages/document/fixtures/brief.html', repoRoot))
export const briefMarkdown = readFileSync(
  new URL('documents/kiep-north-korea-foreign-relations-2024.md', repoRoot),
)
export const maxDocumentBytes = 64 * 1024
export const importer = new SourceImporter({ timeoutMs: 20_000 })
export const hasty = new SourceImporter({ timeoutMs: 1 })

/** Stops the importers' workers (call in afterAll). */
export function closeImporters(): void {
  importer.close()
  hasty.close()
}

export interface DocumentBody {
  id: string
  title: string
  text: string
  record: Record<string, unknown>
  blocks: Array<{ heading: number | null }>
}

/** The testkit's app, rebuilt with a small document limit and an importer of the test's own. */
export async function world(sourceImporter = importer) {
  const base = await setup()
  const { library, tokens, rooms, storage } = base
  const app = createApp({
    library,
    tokens,
    meta: base.stores.meta,
    rooms,
    shares: new Shares(tokens, rooms, library.audit),
    webDist: join(import.meta.dirname, 'no-dist'),
    maxBodyBytes: 4096,
    maxImportBytes: 1024 * 1024,
    maxDocumentBytes,
    sourceImporter,
  })
  const token = {
    ...base.token,
    soloOwner: await tokens.create({ role: 'owner', label: 'Solo', document: 'brief' }),
    briefEditor: await tokens.create({ role: 'editor', label: 'Bea', document: 'brief' }),
  }
  const request = (path: string, init: RequestInit = {}, as: string | null = base.owner) => {
    const headers = new Headers(init.headers)
    if (as) headers.set('authorization', `Bearer ${as}`)
    return app.request(path, { ...init, headers })
  }
  /** Uploads a file as a form, with extra form fields. */
  const upload = (file: File, fields: Record<string, string> = {}, as?: string | null) => {
    const body = new FormData()
    body.append('file', file)
    for (const [name, value] of Object.entries(fields)) body.append(name, value)
    return request('/api/documents', { method: 'POST', body }, as)
  }
  /** Posts a bare body with a content type. */
  const raw = (body: BodyInit, type: string, query = '', as?: string | null) =>
    request(
      `/api/documents${query}`,
      { method: 'POST', body, headers: { 'content-type': type } },
      as,
    )
  /** Every document id and every stored room: what a refusal must leave as it was. */
  const stored = () => ({
    documents: storage.listDocuments().map((d) => d.id),
    snapshots: storage.db.prepare('SELECT room FROM snapshots ORDER BY room').all(),
  })
  return { ...base, app, token, request, upload, raw, stored }
}
