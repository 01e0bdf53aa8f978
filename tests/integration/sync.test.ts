/**
 * The real server process with stock y-websocket clients: annotations and text travel
 * between clients, survive a restart, HTTP writes reach open clients, tokens are required,
 * and clients that opt in with `ack=1` learn which of their edits are stored.
 */
import { createAnnotation, getAnnotation, listAnnotations, matchQuote } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  closeCodeOf,
  connectClient,
  type SyncClient,
  until,
  upgradeStatus,
} from '../support/clients'
import { startServer, type TestServer } from '../support/server'
import {
  connectRecorded,
  covers,
  messageStored,
  type RecordedClient,
  type RecordedClientOptions,
} from '../support/stored'

const docId = 'kiep-north-korea-foreign-relations-2024'
const contentRoom = `${docId}.content`
const annotationsRoom = `${docId}.annotations`

let server: TestServer
const clients: Array<SyncClient | RecordedClient> = []

async function connect(room: string): Promise<SyncClient> {
  const client = await connectClient(server, room)
  clients.push(client)
  return client
}

async function connectWith(room: string, options: RecordedClientOptions): Promise<RecordedClient> {
  const client = await connectRecorded(server, room, options)
  clients.push(client)
  return client
}

function contentOf(client: Pick<SyncClient, 'doc'>): Y.XmlFragment {
  return client.doc.getXmlFragment(CONTENT_FRAGMENT)
}

function spanOf(client: Pick<SyncClient, 'doc'>, exact: string) {
  const match = matchQuote(fragmentText(contentOf(client)).text, { exact })
  if (!('span' in match)) throw new Error(`"${exact}" is not unique in the brief`)
  return match.span
}

beforeAll(async () => {
  server = await startServer()
})

afterEach(() => {
  for (const client of clients.splice(0)) client.close()
})

afterAll(async () => {
  await server?.stop()
})

describe('websocket sync with stock y-websocket clients', () => {
  it('relays an annotation written by one client to another', async () => {
    const content = await connect(contentRoom)
    const a = await connect(annotationsRoom)
    const b = await connect(annotationsRoom)
    const annotation = createAnnotation(a.doc, contentOf(content), {
      kind: 'statistic',
      span: spanOf(content, 'exports fell by 86.3 percent year-on-year'),
      creator: 'Ada',
    })
    const seen = await until(b.doc, () => getAnnotation(b.doc, annotation.id) ?? undefined)
    expect(seen.kind).toBe('statistic')
    expect(seen.anchor.exact).toBe('exports fell by 86.3 percent year-on-year')
    expect(seen.creator).toBe('Ada')
  })

  it('relays text typed by one client to another', async () => {
    const a = await connect(contentRoom)
    const b = await connect(contentRoom)
    const at = fragmentText(contentOf(a)).typeIndexAt(spanOf(a, 'How will these summits').start)
    ;(at.type as Y.XmlText).insert(at.index, 'Typed by Ada. ')
    const text = await until(b.doc, () => {
      const current = fragmentText(contentOf(b)).text
      return current.includes('Typed by Ada. How will these summits') ? current : undefined
    })
    expect(text).toContain('Typed by Ada. How will these summits affect')
  })

  it('shows an annotation created over HTTP in a connected client at once', async () => {
    const client = await connect(annotationsRoom)
    const response = await fetch(`${server.url}/api/documents/${docId}/annotations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'source',
        quote: { exact: 'UNSCR 2321 (30 November 2016)' },
        note: 'from HTTP',
      }),
    })
    expect(response.status).toBe(201)
    const created = (await response.json()) as { id: string; creator: string }
    expect(created.creator).toBe('owner')
    const seen = await until(client.doc, () => getAnnotation(client.doc, created.id) ?? undefined)
    expect(seen.note).toBe('from HTTP')
    expect(seen.anchor.exact).toBe('UNSCR 2321 (30 November 2016)')
  })

  it('refuses a websocket without a valid token with 401', async () => {
    const base = `${server.syncUrl}/${annotationsRoom}`
    expect(await upgradeStatus(base)).toBe(401)
    expect(await upgradeStatus(`${base}?token=not-a-token`)).toBe(401)
    expect(await upgradeStatus(`${base}?token=${server.token}`)).toBe(101)
  })

  it('answers 404 on the upgrade for an unknown document', async () => {
    expect(await upgradeStatus(`${server.syncUrl}/no-such-doc.content?token=${server.token}`)).toBe(
      404,
    )
  })

  it('keeps text and annotations after the server stops (closing sockets with 1001) and starts again on the same data folder', async () => {
    const content = await connect(contentRoom)
    const annotations = await connect(annotationsRoom)
    const at = fragmentText(contentOf(content)).typeIndexAt(spanOf(content, 'In summary').start)
    ;(at.type as Y.XmlText).insert(at.index, 'Before the restart. ')
    const annotation = createAnnotation(annotations.doc, contentOf(content), {
      kind: 'prediction',
      span: spanOf(content, 'a summit between North Korea and China is expected on 6 October 2024'),
      creator: 'Ada',
    })
    const ids = listAnnotations(annotations.doc).map((a) => a.id)
    // What the server has acknowledged by relaying it to a second client is on disk.
    const witness = await connect(annotationsRoom)
    await until(witness.doc, () => getAnnotation(witness.doc, annotation.id) ?? undefined)
    const textWitness = await connect(contentRoom)
    await until(
      textWitness.doc,
      () => fragmentText(contentOf(textWitness)).text.includes('Before the restart.') || undefined,
    )
    for (const client of clients.splice(0)) client.close()
    const open = await closeCodeOf(`${server.syncUrl}/${contentRoom}?token=${server.token}`)
    await server.stop()
    expect(await open.closed).toBe(1001)

    server = await startServer({ dataDir: server.dataDir })
    const contentAfter = await connect(contentRoom)
    const annotationsAfter = await connect(annotationsRoom)
    expect(fragmentText(contentOf(contentAfter)).text).toContain('Before the restart. In summary')
    expect(listAnnotations(annotationsAfter.doc).map((a) => a.id)).toEqual(ids)
    const listed = await fetch(`${server.url}/api/documents/${docId}/annotations`, {
      headers: { authorization: `Bearer ${server.token}` },
    })
    const body = (await listed.json()) as {
      annotations: Array<{ id: string; resolved: { health: string } }>
    }
    const health = new Map(body.annotations.map((a) => [a.id, a.resolved.health]))
    expect(health.get(annotation.id)).toBe('anchored')
  })
})

describe('the stored acknowledgement of clients that opt in with ack=1', () => {
  /** Tags `exact` in the brief as a claim from `client`'s annotations doc. */
  function tag(client: Pick<SyncClient, 'doc'>, content: SyncClient, exact: string) {
    return createAnnotation(client.doc, contentOf(content), {
      kind: 'claim',
      span: spanOf(content, exact),
      creator: 'Ada',
    })
  }

  it('tells an opted-in stock client that its edit is stored, with a vector covering it', async () => {
    const content = await connect(contentRoom)
    const ada = await connectWith(annotationsRoom, { acknowledge: true })
    await ada.received(messageStored)
    const annotation = tag(ada, content, 'exports fell by 86.3 percent year-on-year')
    await ada.saved()
    const local = Y.decodeStateVector(Y.encodeStateVector(ada.doc))
    expect(ada.stored.some((vector) => covers(vector, local))).toBe(true)
    expect(ada.stored.at(-1)!.get(ada.doc.clientID)).toBe(local.get(ada.doc.clientID))
    const listed = await fetch(`${server.url}/api/documents/${docId}/annotations`, {
      headers: { authorization: `Bearer ${server.token}` },
    })
    const body = (await listed.json()) as { annotations: Array<{ id: string }> }
    expect(body.annotations.map((a) => a.id)).toContain(annotation.id)
  })

  it('never sends it to a stock client without ack=1, which keeps syncing', async () => {
    const unknown = vi.spyOn(console, 'error')
    const content = await connect(contentRoom)
    const stock = await connectWith(annotationsRoom, {})
    const other = await connectWith(annotationsRoom, {})
    const first = tag(stock, content, 'UNSCR 2321 (30 November 2016)')
    await until(other.doc, () => getAnnotation(other.doc, first.id) ?? undefined)
    // Written after the server handled the first edit, so it reaches `stock` after anything
    // the server would have sent it about that edit.
    const second = tag(other, content, 'In summary')
    await until(stock.doc, () => getAnnotation(stock.doc, second.id) ?? undefined)
    expect(stock.types).not.toContain(messageStored)
    expect(other.types).not.toContain(messageStored)
    expect(unknown).not.toHaveBeenCalledWith('Unable to compute message')
    unknown.mockRestore()
  })

  it("does not acknowledge a viewer's refused edit", async () => {
    const response = await fetch(`${server.url}/api/documents/${docId}/shares`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer', label: 'Vi' }),
    })
    expect(response.status).toBe(201)
    const { token } = (await response.json()) as { token: string }
    const content = await connect(contentRoom)
    const viewer = await connectWith(annotationsRoom, { token, acknowledge: true })
    await viewer.received(messageStored)
    expect(viewer.stored).toHaveLength(1)
    const refused = tag(viewer, content, 'exports fell by 86.3 percent year-on-year')
    await viewer.received(2)
    const owner = await connectWith(annotationsRoom, {})
    const after = tag(owner, content, 'UNSCR 2321 (30 November 2016)')
    await until(viewer.doc, () => getAnnotation(viewer.doc, after.id) ?? undefined)
    expect(viewer.stored).toHaveLength(1)
    expect(viewer.stored[0]!.has(viewer.doc.clientID)).toBe(false)
    const witness = await connect(annotationsRoom)
    expect(getAnnotation(witness.doc, refused.id)).toBeNull()
  })
})
