/**
 * Writes that must not land, on the real server: a viewer's thousands of writes of every kind
 * over HTTP and the websocket, an annotator's changes to the text, a socket whose token
 * expires, and a thousand attempts to speak for someone else in awareness.
 */
import { createAnnotation } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  awarenessFrame,
  messageType,
  readAwareness,
  syncFrame,
  syncStep,
} from '../support/raw-client'
import {
  deleteText,
  docId,
  insertText,
  quote,
  type Readers,
  spanOf,
  startReaders,
} from '../support/readers'

let readers: Readers

beforeAll(async () => {
  // Thousands of writes from one token: the rate limit is not what these tests are about.
  readers = await startReaders({
    WARRANT_RATE_BURST: '0',
    WARRANT_RATE_PER_SECOND: '0',
    WARRANT_KEEPALIVE_MS: '200',
  })
})

afterAll(async () => {
  await readers?.stop()
})

/** Runs `count` requests, `width` at a time; the statuses they got, counted. */
async function flood(count: number, send: (i: number) => Promise<Response>) {
  const statuses = new Map<number, number>()
  let next = 0
  const worker = async () => {
    while (next < count) {
      const response = await send(next++)
      await response.arrayBuffer()
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  return Object.fromEntries(statuses)
}

/** Sends `count` updates made by `change` on copies of the room's doc, as update and as SyncStep2. */
async function floodSocket(
  room: string,
  token: string,
  count: number,
  change: (doc: Y.Doc, content: Y.Doc, i: number) => void,
): Promise<{ refusals: number; open: boolean }> {
  const content = await readers.raw(`${docId}.content`, token).load()
  const client = readers.raw(room, token)
  // The server applies none of them, so each change is made on top of the last one here.
  const doc = room.endsWith('.content') ? content : await client.load()
  await client.opened
  for (let i = 0; i < count; i++) {
    const vector = Y.encodeStateVector(doc)
    change(doc, content, i)
    const update = Y.encodeStateAsUpdate(doc, vector)
    client.send(syncFrame(i % 2 === 0 ? syncStep.update : syncStep.step2, update))
    // Lets the socket answer the server's pings while the updates are made.
    if (i % 20 === 19) await new Promise((r) => setImmediate(r))
  }
  await client.roundTrip()
  const refusals = client.types.filter((type) => type === messageType.auth).length
  return { refusals, open: client.ws.readyState === client.ws.OPEN }
}

describe('refused writes', () => {
  it("lands none of a viewer's 1,000 writes of every kind, and leaves the state unchanged", async () => {
    const viewer = readers.tokens.get('viewer')!
    const before = await readers.state()
    const exported = await (
      await readers.server.api(`/api/documents/${docId}/export?format=claims`)
    ).text()
    const annotationsPath = `/api/documents/${docId}/annotations`
    const answers = {
      post: await flood(1000, (i) =>
        readers.as(viewer, annotationsPath, {
          method: 'POST',
          body: JSON.stringify({ kind: 'claim', quote: { exact: quote }, note: `n${i}` }),
        }),
      ),
      patch: await flood(1000, (i) =>
        readers.as(viewer, `${annotationsPath}/${readers.seeded}`, {
          method: 'PATCH',
          body: JSON.stringify({ note: `changed ${i}` }),
        }),
      ),
      delete: await flood(1000, () =>
        readers.as(viewer, `${annotationsPath}/${readers.seeded}`, { method: 'DELETE' }),
      ),
      import: await flood(1000, () =>
        readers.as(viewer, `/api/documents/${docId}/import`, { method: 'POST', body: exported }),
      ),
    }
    console.log('viewer over HTTP, statuses per 1,000:', JSON.stringify(answers))
    expect(answers).toEqual({
      post: { 403: 1000 },
      patch: { 403: 1000 },
      delete: { 403: 1000 },
      import: { 403: 1000 },
    })
    const annotations = await floodSocket(
      `${docId}.annotations`,
      viewer,
      1000,
      (doc, content, i) => {
        if (i % 3 === 2) {
          doc.getMap('annotations').delete(readers.seeded)
          return
        }
        createAnnotation(doc, content.getXmlFragment(CONTENT_FRAGMENT), {
          kind: 'claim',
          span: spanOf(content, quote),
          creator: 'Viewer',
        })
      },
    )
    const text = await floodSocket(`${docId}.content`, viewer, 1000, (doc, _content, i) =>
      insertText(doc, 5 + (i % 40), `v${i}`),
    )
    console.log(
      'viewer over the websocket, refusals per 1,000:',
      annotations.refusals,
      text.refusals,
    )
    expect(annotations).toEqual({ refusals: 1000, open: true })
    expect(text).toEqual({ refusals: 1000, open: true })
    expect(await readers.state()).toEqual(before)
  })

  it("refuses an annotator's changes to the text in the same way", async () => {
    const annotator = readers.tokens.get('annotator')!
    const before = await readers.state()
    const text = await floodSocket(`${docId}.content`, annotator, 1000, (doc, _content, i) => {
      if (i % 2 === 0) insertText(doc, 7, `a${i}`)
      // Near the end, so it deletes the stored text rather than this flood's own inserts.
      else deleteText(doc, fragmentText(doc.getXmlFragment(CONTENT_FRAGMENT)).text.length - 5, 1)
    })
    const codebook = await (await readers.server.api(`/api/documents/${docId}/codebook`)).json()
    const put = await readers.as(annotator, `/api/documents/${docId}/codebook`, {
      method: 'PUT',
      body: JSON.stringify(codebook),
    })
    console.log('annotator text writes refused:', text.refusals, 'codebook PUT:', put.status)
    expect(text).toEqual({ refusals: 1000, open: true })
    expect(put.status).toBe(403)
    expect(await readers.state()).toEqual(before)
  })

  it('closes a socket when its token expires, with 4401', async () => {
    const soon = new Date(Date.now() + 800).toISOString()
    const { token } = await readers.share('viewer', docId, soon)
    const client = readers.raw(`${docId}.content`, token)
    await client.opened
    expect(await client.closed).toEqual({ code: 4401, reason: 'share expired' })
  })
})

describe('awareness', () => {
  it('drops all of 1,000 spoofing attempts and shows every reader under their own name', async () => {
    const watcher = readers.raw(`${docId}.content`, readers.server.token)
    const victim = readers.raw(`${docId}.content`, readers.tokens.get('editor')!)
    const attacker = readers.raw(`${docId}.content`, readers.tokens.get('annotator')!)
    await Promise.all([watcher.opened, victim.opened, attacker.opened])
    const seen = new Map<number, unknown>()
    const watching = (async () => {
      for (;;) {
        for (const entry of readAwareness(await watcher.next(messageType.awareness))) {
          seen.set(entry.client, entry.state)
        }
      }
    })()
    void watching.catch(() => {})
    victim.send(awarenessFrame([{ client: 1001, clock: 1, state: { user: { name: 'Eda' } } }]))
    await victim.roundTrip()
    attacker.send(awarenessFrame([{ client: 2002, clock: 1, state: { cursor: null } }]))
    await attacker.roundTrip()
    let attempts = 0
    for (let i = 0; i < 250; i++) {
      const clock = 10 + i
      attacker.send(awarenessFrame([{ client: 1001, clock, state: { user: { name: 'Eda' } } }]))
      attacker.send(awarenessFrame([{ client: 1001, clock, state: null }]))
      attacker.send(
        awarenessFrame([{ client: 3000 + i, clock: 1, state: { user: { name: 'Owner' } } }]),
      )
      attacker.send(
        awarenessFrame([
          { client: 2002, clock, state: { user: { name: 'owner', role: 'owner' } } },
        ]),
      )
      attempts += 4
    }
    await attacker.roundTrip()
    watcher.send(Uint8Array.of(messageType.queryAwareness))
    await watcher.roundTrip()
    await new Promise((r) => setTimeout(r, 100))
    console.log(
      `awareness spoofing attempts: ${attempts}; ids the watcher saw: ${[...seen.keys()].length}`,
    )
    expect(attempts).toBe(1000)
    expect([...seen.keys()].sort()).toEqual([1001, 2002])
    expect(seen.get(1001)).toEqual({ user: { name: 'editor reader', role: 'editor' } })
    expect(seen.get(2002)).toEqual({ user: { name: 'annotator reader', role: 'annotator' } })
  })
})
