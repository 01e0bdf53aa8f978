/**
 * The audit log of the real server with stock y-websocket clients: an annotation added over
 * sync with a share link is recorded as its holder's, an editor's typing as one text.edit entry
 * whose counts survive a restart, and a viewer's refused write as nothing at all; the command
 * line's share links are recorded as its own, with the server running or not.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { createAnnotation, deleteAnnotation, matchQuote } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { startServer, type TestServer } from '../support/server'
import { connectRecorded, messageStored, type RecordedClient } from '../support/stored'

const docId = 'kiep-north-korea-foreign-relations-2024'
const contentRoom = `${docId}.content`
const annotationsRoom = `${docId}.annotations`
// y-websocket's messageAuth: the server's permission-denied answer.
const messagePermissionDenied = 2

interface Entry {
  id: number
  time: string
  document: string | null
  actor: string
  share: string | null
  channel: string
  action: string
  target: string | null
  detail: Record<string, unknown> | null
}

let server: TestServer
const clients: RecordedClient[] = []

beforeAll(async () => {
  server = await startServer()
})

afterEach(() => {
  for (const client of clients.splice(0)) client.close()
})

afterAll(async () => {
  await server?.stop()
})

/** A share link for `role` labelled `label`: its token and share id. */
async function share(role: string, label: string): Promise<{ token: string; id: string }> {
  const response = await server.api(`/api/documents/${docId}/shares`, {
    method: 'POST',
    body: JSON.stringify({ role, label }),
  })
  expect(response.status).toBe(201)
  const body = (await response.json()) as { token: string; share: { id: string } }
  return { token: body.token, id: body.share.id }
}

async function connect(room: string, token: string): Promise<RecordedClient> {
  const client = await connectRecorded(server, room, { token, acknowledge: true })
  clients.push(client)
  await client.received(messageStored)
  return client
}

/** The document's audit log as its owner reads it, oldest first. */
async function audit(): Promise<Entry[]> {
  const response = await server.api(`/api/documents/${docId}/audit?limit=500`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { entries: Entry[] }).entries.reverse()
}

function fragmentOf(client: RecordedClient): Y.XmlFragment {
  return client.doc.getXmlFragment(CONTENT_FRAGMENT)
}

function spanOf(client: RecordedClient, exact: string) {
  const match = matchQuote(fragmentText(fragmentOf(client)).text, { exact })
  if (!('span' in match)) throw new Error(`"${exact}" is not unique in the brief`)
  return match.span
}

/** Types `inserted` at `offset` of the text, as one edit, and waits until it is stored. */
async function type(client: RecordedClient, offset: number, inserted: string): Promise<void> {
  const at = fragmentText(fragmentOf(client)).typeIndexAt(offset)
  ;(at.type as Y.XmlText).insert(at.index, inserted)
  await client.saved()
}

describe('the audit log of websocket writes', () => {
  it('records an annotation a stock client adds with an annotator link as created by its holder over sync', async () => {
    const ada = await share('annotator', 'Ada')
    const content = await connect(contentRoom, ada.token)
    const annotations = await connect(annotationsRoom, ada.token)
    const annotation = createAnnotation(annotations.doc, fragmentOf(content), {
      kind: 'statistic',
      span: spanOf(content, 'exports fell by 86.3 percent year-on-year'),
      creator: 'Ada',
    })
    await annotations.saved()
    deleteAnnotation(annotations.doc, annotation.id)
    await annotations.saved()
    const entries = (await audit()).filter((entry) => entry.target === annotation.id)
    expect(entries).toMatchObject([
      {
        document: docId,
        actor: 'Ada',
        share: ada.id,
        channel: 'sync',
        action: 'annotation.create',
        detail: { kind: 'statistic', quote: 'exports fell by 86.3 percent year-on-year' },
      },
      { actor: 'Ada', channel: 'sync', action: 'annotation.delete', detail: { kind: 'statistic' } },
    ])
  })

  it("records an editor's typing as one text.edit entry for the minute", async () => {
    const eda = await share('editor', 'Eda')
    const content = await connect(contentRoom, eda.token)
    const offset = spanOf(content, 'How will these summits').start
    await type(content, offset, 'Typed ')
    await type(content, offset, 'by ')
    await type(content, offset, 'Eda. ')
    // One entry at once; its counts are written every few seconds and when the room closes.
    const edits = (await audit()).filter((entry) => entry.action === 'text.edit')
    expect(edits).toMatchObject([{ actor: 'Eda', share: eda.id, channel: 'sync', target: null }])
  })

  it("records nothing for a viewer's refused write", async () => {
    const vi = await share('viewer', 'Vi')
    const content = await connect(contentRoom, vi.token)
    const annotations = await connect(annotationsRoom, vi.token)
    const before = await audit()
    createAnnotation(annotations.doc, fragmentOf(content), {
      kind: 'claim',
      span: spanOf(content, 'UNSCR 2321 (30 November 2016)'),
      creator: 'Vi',
    })
    await annotations.received(messagePermissionDenied)
    const at = fragmentText(fragmentOf(content)).typeIndexAt(0)
    ;(at.type as Y.XmlText).insert(at.index, 'Vandal ')
    await content.received(messagePermissionDenied)
    const after = await audit()
    expect(after.filter((entry) => entry.actor === 'Vi')).toEqual([])
    // The share link itself was created by the owner over HTTP.
    expect(after.slice(before.length)).toEqual([])
  })

  it('keeps the log across a restart, with the text counts written when the room closed', async () => {
    await server.stop()
    server = await startServer({ dataDir: server.dataDir })
    const entries = await audit()
    const edits = entries.filter((entry) => entry.action === 'text.edit')
    expect(edits).toMatchObject([
      { actor: 'Eda', detail: { updates: 3, inserted: 'Typed by Eda. '.length, deleted: 0 } },
    ])
    const actions = entries.map((entry) => `${entry.actor} ${entry.channel} ${entry.action}`)
    console.log(`audit log after restart: ${entries.length} entries`)
    expect(actions).toEqual([
      'owner http share.create',
      'Ada sync annotation.create',
      'Ada sync annotation.delete',
      'owner http share.create',
      'Eda sync text.edit',
      'owner http share.create',
    ])
  })
})

/** Runs `pnpm warrant <args>` on a data folder, as tests/integration/cli.test.ts does. */
async function warrant(dataDir: string, ...args: string[]) {
  const repoRoot = resolve(import.meta.dirname, '../..')
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/cli.ts', ...args],
    { cwd: repoRoot, env: { ...process.env, WARRANT_DATA: dataDir } },
  )
}

describe('the audit log of the command line', () => {
  it("records its share links as the command line's, through the server and on the folder", async () => {
    const own = await startServer()
    try {
      const created = await warrant(
        own.dataDir,
        'share',
        '--document',
        docId,
        '--role',
        'viewer',
        '--label',
        'Press',
      )
      const id = /Created share (\S+):/.exec(created.stderr)?.[1]
      expect(id).toBeDefined()
      await own.stop()
      await warrant(own.dataDir, 'share', '--revoke', id!)
      const again = await startServer({ dataDir: own.dataDir })
      const response = await again.api('/api/audit')
      const entries = ((await response.json()) as { entries: Entry[] }).entries.reverse()
      await again.stop()
      expect(entries).toMatchObject([
        {
          actor: 'command line',
          channel: 'cli',
          action: 'share.create',
          target: id,
          document: docId,
        },
        { actor: 'command line', channel: 'cli', share: null, action: 'share.revoke', target: id },
      ])
      expect(JSON.stringify(entries)).not.toContain('token=')
    } finally {
      await own.stop()
    }
  })
})
