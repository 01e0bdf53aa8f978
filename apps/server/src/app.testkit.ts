/**
 * The fixture of the HTTP specifications: an in-memory server app seeded with a short brief,
 * tokens of every role, request helpers, and a snapshot of a document's rooms to show that a
 * refused write stored nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { toBase64 } from 'lib0/buffer'
import * as Y from 'yjs'
import { createApp } from './app'
import { Audit } from './audit'
import { Library } from './library'
import { Rooms } from './rooms'
import { seedDataFolder } from './seed'
import { Shares } from './shares'
import { Storage } from './storage'
import { sqliteStores } from './stores'
import { Tokens } from './tokens'

/** The brief every specification starts from; its text is `briefText`. */
export const brief = `---
type: report
title: A short brief
author:
  - family: Choi
    given: Jangho
issued: 2024
---

# A short brief

Exports fell by 86.3 percent. Imports fell too.

Imports fell too, said the report.
`

/** The canonical text of `brief`. */
export const briefText =
  'A short brief\nExports fell by 86.3 percent. Imports fell too.\nImports fell too, said the report.'

/** An annotation as the API answers it, with the fields specifications read. */
export interface AnnotationBody {
  id: string
  kind: string
  quote: string
  health: string
  current: string | null
  note: string
  creator: string
  modifiedBy: string
  attributes: Record<string, unknown>
  anchor: { exact: string; position: { start: number; end: number } }
  resolved: { health: string; span: { start: number; end: number } | null; text: string }
}

/** An error answer. */
export interface ErrorAnswer {
  error: string
  field?: string
}

/** A fresh app over an in-memory database holding `brief` (id `brief`) and `other`. */
export async function setup() {
  const documentsDir = mkdtempSync(join(tmpdir(), 'warrant-docs-'))
  writeFileSync(join(documentsDir, 'brief.md'), brief)
  writeFileSync(join(documentsDir, 'other.md'), '# Other\n\nAnother text.\n')
  const storage = new Storage(':memory:')
  const stores = sqliteStores(storage)
  const tokens = new Tokens(stores.tokens)
  const { ownerToken } = await seedDataFolder({ ...stores, tokens }, documentsDir)
  const audit = new Audit(stores.audit)
  const rooms = new Rooms(stores.rooms, { compactAfter: 500, audit })
  const library = new Library(stores, rooms, audit)
  const app = createApp({
    library,
    tokens,
    meta: stores.meta,
    rooms,
    shares: new Shares(tokens, rooms, library.audit),
    webDist: join(documentsDir, 'no-dist'),
    maxBodyBytes: 4096,
    maxImportBytes: 1024 * 1024,
  })
  const owner = ownerToken!
  const token = {
    owner,
    editor: await tokens.create({ role: 'editor', label: 'Eda', document: null }),
    annotator: await tokens.create({ role: 'annotator', label: 'Ada', document: null }),
    other: await tokens.create({ role: 'annotator', label: 'Otto', document: null }),
    viewer: await tokens.create({ role: 'viewer', label: 'Vi', document: null }),
  }
  const request = (path: string, init: RequestInit = {}, as: string | null = owner) => {
    const headers = new Headers(init.headers)
    if (as) headers.set('authorization', `Bearer ${as}`)
    return app.request(path, { ...init, headers })
  }
  const send =
    (method: string) =>
    (path: string, body: unknown, as: string | null = owner) =>
      request(path, { method, body: JSON.stringify(body) }, as)
  const post = send('POST')
  const patch = send('PATCH')
  const put = send('PUT')
  const del = (path: string, as: string | null = owner) => request(path, { method: 'DELETE' }, as)

  /** Creates an annotation of `kind` on the unique `exact` of the brief. */
  const annotate = async (kind: string, exact: string, extra: Record<string, unknown> = {}) => {
    const response = await post('/api/documents/brief/annotations', {
      kind,
      quote: { exact },
      ...extra,
    })
    if (response.status !== 201) throw new Error(`${response.status}: ${await response.text()}`)
    return (await response.json()) as AnnotationBody
  }

  /** The whole state of both rooms of the brief (deletions included), to compare before and after. */
  const snapshot = () =>
    library.withRooms('brief', (content, annotations) => ({
      content: toBase64(Y.encodeStateAsUpdate(content.doc)),
      annotations: toBase64(Y.encodeStateAsUpdate(annotations.doc)),
    }))

  /** The text node and index at `offset` of the brief's content. */
  const textAt = (content: Y.Doc, offset: number) => {
    const at = fragmentText(content.getXmlFragment(CONTENT_FRAGMENT)).typeIndexAt(offset)
    if (!(at.type instanceof Y.XmlText)) throw new Error(`offset ${offset} is not in text`)
    return { text: at.type, index: at.index }
  }

  /** Inserts `inserted` into the brief's text at `offset`, as an editor's keystrokes would. */
  const typeInto = (offset: number, inserted: string) =>
    library.withContent('brief', (content) => {
      const { text, index } = textAt(content.doc, offset)
      text.insert(index, inserted)
    })

  /** Deletes `length` characters of one paragraph of the brief from `offset`. */
  const cut = (offset: number, length: number) =>
    library.withContent('brief', (content) => {
      const { text, index } = textAt(content.doc, offset)
      text.delete(index, length)
    })

  return {
    app,
    storage,
    stores,
    tokens,
    rooms,
    library,
    owner,
    token,
    request,
    post,
    patch,
    put,
    del,
    annotate,
    snapshot,
    typeInto,
    cut,
  }
}

/** The JSON body of a response. */
export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T
}
