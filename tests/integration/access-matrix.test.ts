/**
 * The role matrix on the real server: every kind of reader (none, each role, revoked, expired,
 * an owner of another document) tries every action over HTTP and over the websocket, and each
 * answer is the one the rules give.
 */
import { addComment, createAnnotation } from '@warrant/annotations'
import { CONTENT_FRAGMENT } from '@warrant/document'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { upgradeStatus } from '../support/clients'
import { messageType, type RawClient, syncFrame, syncStep } from '../support/raw-client'
import {
  docId,
  insertText,
  quote,
  type Readers,
  type Row,
  rows,
  spanOf,
  startReaders,
} from '../support/readers'

const rank: Partial<Record<Row, number>> = { viewer: 0, annotator: 1, editor: 2, owner: 3 }

let readers: Readers

beforeAll(async () => {
  readers = await startReaders()
})

afterAll(async () => {
  await readers?.stop()
})

/** What one write over the websocket came to: applied, or refused with a permission message. */
type Outcome = 'applied' | 'refused' | 'not-applied'

/** Sends the update a local change makes, over a room's socket, and says what became of it. */
async function writeOverSocket(
  client: RawClient,
  doc: Y.Doc,
  change: () => void,
  landed: () => Promise<boolean>,
): Promise<Outcome> {
  const updates: Uint8Array[] = []
  const collect = (update: Uint8Array) => updates.push(update)
  doc.on('update', collect)
  change()
  doc.off('update', collect)
  const refusals = () => client.types.filter((type) => type === messageType.auth).length
  const before = refusals()
  for (const update of updates) client.send(syncFrame(syncStep.update, update))
  await client.roundTrip()
  if (await landed()) return 'applied'
  return refusals() > before ? 'refused' : 'not-applied'
}

async function annotationExists(id: string): Promise<boolean> {
  const response = await readers.server.api(`/api/documents/${docId}/annotations`)
  const body = (await response.json()) as { annotations: Array<{ id: string }> }
  return body.annotations.some((annotation) => annotation.id === id)
}

async function textOf(): Promise<string> {
  return ((await (await readers.server.api(`/api/documents/${docId}`)).json()) as { text: string })
    .text
}

/** The HTTP status each action should get, by the rules: 401 without access, 404 unseen, 403 short. */
function expectedHttp(row: Row, needs: 'viewer' | 'annotator' | 'editor' | 'owner', ok: number) {
  if (row === 'none' || row === 'revoked' || row === 'expired') return 401
  if (row === 'other') return 404
  return rank[row]! >= rank[needs]! ? ok : 403
}

const httpActions = {
  read: {
    needs: 'viewer',
    ok: 200,
    run: (t: string | null) => readers.as(t, `/api/documents/${docId}`),
  },
  export: {
    needs: 'viewer',
    ok: 200,
    run: (t: string | null) => readers.as(t, `/api/documents/${docId}/export?format=claims`),
  },
  annotate: {
    needs: 'annotator',
    ok: 201,
    run: (t: string | null) =>
      readers.as(t, `/api/documents/${docId}/annotations`, {
        method: 'POST',
        body: JSON.stringify({ kind: 'evidence', quote: { exact: quote } }),
      }),
  },
  comment: {
    needs: 'annotator',
    ok: 201,
    run: (t: string | null) =>
      readers.as(t, `/api/documents/${docId}/annotations/${readers.seeded}/comments`, {
        method: 'POST',
        body: JSON.stringify({ text: 'A reply.' }),
      }),
  },
  'edit codebook': {
    needs: 'editor',
    ok: 200,
    run: async (t: string | null) => {
      const codebook = await (await readers.server.api(`/api/documents/${docId}/codebook`)).json()
      return readers.as(t, `/api/documents/${docId}/codebook`, {
        method: 'PUT',
        body: JSON.stringify(codebook),
      })
    },
  },
  share: {
    needs: 'owner',
    ok: 201,
    run: (t: string | null) =>
      readers.as(t, `/api/documents/${docId}/shares`, {
        method: 'POST',
        body: JSON.stringify({ role: 'viewer', label: 'Matrix' }),
      }),
  },
  'read audit': {
    needs: 'owner',
    ok: 200,
    run: (t: string | null) => readers.as(t, `/api/documents/${docId}/audit`),
  },
} as const

/** What each websocket action should come to for a row. */
function expectedSocket(row: Row, needs: 'viewer' | 'annotator' | 'editor'): string {
  if (row === 'none' || row === 'revoked' || row === 'expired') return 'upgrade 401'
  if (row === 'other') return 'upgrade 404'
  if (needs === 'viewer') return 'synced'
  return rank[row]! >= rank[needs]! ? 'applied' : 'refused'
}

async function socketCells(row: Row): Promise<Record<string, string>> {
  const token = readers.tokens.get(row) ?? ''
  const url = (part: string) => `${readers.server.syncUrl}/${docId}.${part}?token=${token}`
  const status = await upgradeStatus(url('content'))
  if (status !== 101) {
    const refused = `upgrade ${status}`
    return { read: refused, annotate: refused, comment: refused, 'edit text': refused }
  }
  const content = readers.raw(`${docId}.content`, token)
  const annotations = readers.raw(`${docId}.annotations`, token)
  const contentDoc = await content.load()
  const annotationsDoc = await annotations.load()
  const read = contentDoc.getXmlFragment(CONTENT_FRAGMENT).length > 0 ? 'synced' : 'empty'
  let created = ''
  const annotate = await writeOverSocket(
    annotations,
    annotationsDoc,
    () => {
      created = createAnnotation(annotationsDoc, contentDoc.getXmlFragment(CONTENT_FRAGMENT), {
        kind: 'claim',
        span: spanOf(contentDoc, quote),
        creator: row,
      }).id
    },
    () => annotationExists(created),
  )
  const marker = ` [${row} was here]`
  const comment = await writeOverSocket(
    annotations,
    annotationsDoc,
    () => addComment(annotationsDoc, { annotation: readers.seeded, text: marker, creator: row }),
    async () => {
      const response = await readers.server.api(`/api/documents/${docId}/export?format=claims`)
      return (await response.text()).includes(marker)
    },
  )
  const edit = await writeOverSocket(
    content,
    contentDoc,
    () => insertText(contentDoc, 10, marker),
    async () => (await textOf()).includes(marker),
  )
  content.close()
  annotations.close()
  return { read, annotate, comment, 'edit text': edit }
}

describe('the role matrix', () => {
  it.each(rows)('%s: every action over HTTP gets the answer the rules give', async (row) => {
    const actual: Record<string, number> = {}
    const expected: Record<string, number> = {}
    for (const [name, action] of Object.entries(httpActions)) {
      actual[name] = (await action.run(readers.tokens.get(row) ?? null)).status
      expected[name] = expectedHttp(row, action.needs, action.ok)
    }
    console.log(`HTTP ${row.padEnd(9)} ${JSON.stringify(actual)}`)
    expect(actual).toEqual(expected)
  })

  it.each(rows)(
    '%s: every action over the websocket gets the answer the rules give',
    async (row) => {
      const actual = await socketCells(row)
      const expected = {
        read: expectedSocket(row, 'viewer'),
        annotate: expectedSocket(row, 'annotator'),
        comment: expectedSocket(row, 'annotator'),
        'edit text': expectedSocket(row, 'editor'),
      }
      console.log(`sync ${row.padEnd(9)} ${JSON.stringify(actual)}`)
      expect(actual).toEqual(expected)
    },
  )
})
