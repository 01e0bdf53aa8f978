/**
 * The readers of the access tests: a real server holding the brief and a second document,
 * with one token per kind of reader (none, each role, revoked, expired, and an owner of the
 * other document only), an annotation to act on, and the raw and HTTP ways to act as each.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { matchQuote } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import * as Y from 'yjs'
import { RawClient } from './raw-client'
import { startServer, type TestServer } from './server'

/** The brief every access test acts on. */
export const docId = 'kiep-north-korea-foreign-relations-2024'
/** A second document, the only one the `other` reader may open. */
export const otherId = 'other-brief'
/** A passage that occurs once in the brief. */
export const quote = 'UN sanctions have had a statistically significant adverse impact'

/** The kinds of reader. */
export type Row =
  | 'none'
  | 'viewer'
  | 'annotator'
  | 'editor'
  | 'owner'
  | 'revoked'
  | 'expired'
  | 'other'

/** Every kind of reader, weakest first. */
export const rows: Row[] = [
  'none',
  'viewer',
  'annotator',
  'editor',
  'owner',
  'revoked',
  'expired',
  'other',
]

/** The running server with a token for each kind of reader. */
export interface Readers {
  server: TestServer
  /** The token of each kind of reader (null: none). */
  tokens: Map<Row, string | null>
  /** An annotation on `quote`, made by the owner. */
  seeded: string
  /** A raw socket to a room with a token, closed by `stop`. */
  raw(room: string, token: string): RawClient
  /** A request with a token (a string body is sent as JSON). */
  as(token: string | null, path: string, init?: RequestInit): Promise<Response>
  /** A new share link for `document`. */
  share(role: string, document: string, expires?: string): Promise<{ token: string; id: string }>
  /** The whole state of both rooms of the brief, read by a fresh owner connection. */
  state(): Promise<{ vectors: string[]; states: string[] }>
  stop(): Promise<void>
}

/** Starts the server and hands out the readers' tokens; `env` is added to the server's. */
export async function startReaders(env: Record<string, string> = {}): Promise<Readers> {
  const documents = mkdtempSync(join(tmpdir(), 'warrant-access-docs-'))
  copyFileSync(resolve('documents', `${docId}.md`), join(documents, `${docId}.md`))
  writeFileSync(join(documents, `${otherId}.md`), '# Another brief\n\nIt says little.\n')
  const server = await startServer({ env: { WARRANT_DOCUMENTS: documents, ...env } })
  const raws: RawClient[] = []
  const raw = (room: string, token: string) => {
    const client = new RawClient(`${server.syncUrl}/${room}?token=${token}`)
    raws.push(client)
    return client
  }
  const as = (token: string | null, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (token !== null) headers.set('authorization', `Bearer ${token}`)
    if (typeof init.body === 'string') headers.set('content-type', 'application/json')
    return fetch(`${server.url}${path}`, { ...init, headers })
  }
  const share = async (role: string, document: string, expires?: string) => {
    const body = JSON.stringify({ role, label: `${role} reader`, ...(expires ? { expires } : {}) })
    const response = await as(server.token, `/api/documents/${document}/shares`, {
      method: 'POST',
      body,
    })
    if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`)
    const created = (await response.json()) as { token: string; share: { id: string } }
    return { token: created.token, id: created.share.id }
  }
  const state = async () => {
    const vectors: string[] = []
    const states: string[] = []
    for (const part of ['content', 'annotations']) {
      const client = raw(`${docId}.${part}`, server.token)
      const doc = await client.load()
      vectors.push(Buffer.from(Y.encodeStateVector(doc)).toString('base64'))
      states.push(Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'))
      client.close()
    }
    return { vectors, states }
  }

  const tokens = new Map<Row, string | null>([
    ['none', null],
    ['owner', server.token],
  ])
  for (const role of ['viewer', 'annotator', 'editor'] as const) {
    tokens.set(role, (await share(role, docId)).token)
  }
  const revoked = await share('editor', docId)
  await as(server.token, `/api/documents/${docId}/shares/${revoked.id}`, { method: 'DELETE' })
  tokens.set('revoked', revoked.token)
  tokens.set('other', (await share('owner', otherId)).token)
  const soon = new Date(Date.now() + 1500).toISOString()
  tokens.set('expired', (await share('annotator', docId, soon)).token)
  const created = await as(server.token, `/api/documents/${docId}/annotations`, {
    method: 'POST',
    body: JSON.stringify({ kind: 'claim', quote: { exact: quote } }),
  })
  const seeded = ((await created.json()) as { id: string }).id
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon) - Date.now() + 50)))

  return {
    server,
    tokens,
    seeded,
    raw,
    as,
    share,
    state,
    async stop() {
      for (const client of raws) client.close()
      await server.stop()
    },
  }
}

/** The span of a passage that occurs once in a content doc. */
export function spanOf(content: Y.Doc, exact: string) {
  const match = matchQuote(fragmentText(content.getXmlFragment(CONTENT_FRAGMENT)).text, { exact })
  if (!('span' in match)) throw new Error(`"${exact}" is not unique`)
  return match.span
}

/** Inserts text at an offset of a content doc's canonical text. */
export function insertText(content: Y.Doc, offset: number, text: string): void {
  const at = fragmentText(content.getXmlFragment(CONTENT_FRAGMENT)).typeIndexAt(offset)
  if (!(at.type instanceof Y.XmlText)) throw new Error('not in text')
  at.type.insert(at.index, text)
}

/** Deletes text at an offset of a content doc's canonical text. */
export function deleteText(content: Y.Doc, offset: number, length: number): void {
  const at = fragmentText(content.getXmlFragment(CONTENT_FRAGMENT)).typeIndexAt(offset)
  if (!(at.type instanceof Y.XmlText)) throw new Error('not in text')
  at.type.delete(at.index, length)
}
