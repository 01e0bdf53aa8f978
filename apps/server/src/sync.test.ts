import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { awarenessFrame, RawClient, readAwareness } from '../../../tests/support/raw-client'
import { readConfig } from './config'
import {
  messageAuth,
  messageAwareness,
  messageQueryAwareness,
  messageStored,
  messageSync,
  updateMessage,
} from './protocol'
import { type RunningServer, startServer } from './server'
import { SqliteTokenStore } from './sqlite-token-store'
import { Storage } from './storage'
import { Tokens } from './tokens'

const docId = 'brief'
let server: RunningServer
let dataDir: string
let storage: Storage
let owner: string
const clients: RawClient[] = []

function client(room: string, token = owner, query = ''): RawClient {
  const url = `${server.url.replace('http', 'ws')}/sync/${room}?token=${token}${query}`
  const raw = new RawClient(url)
  clients.push(raw)
  return raw
}

function awarenessUpdate(client: number, clock: number, state: unknown): Uint8Array {
  return awarenessFrame([{ client, clock, state }])
}

/** The states of an awareness message, as [client id, state] pairs. */
function statesOf(decoder: decoding.Decoder): Array<[number, unknown]> {
  return readAwareness(decoder).map((entry) => [entry.client, entry.state])
}

/** The next stored acknowledgement's state vector. */
async function stored(raw: RawClient): Promise<Map<number, number>> {
  return Y.decodeStateVector(decoding.readVarUint8Array(await raw.next(messageStored)))
}

function textUpdate(text: string): Uint8Array {
  return typed(text).message
}

/** An update typing `text` by a new client, with that client's id. */
function typed(text: string): { message: Uint8Array; client: number } {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return { message: updateMessage(Y.encodeStateAsUpdate(doc)), client: doc.clientID }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'warrant-data-'))
  const documentsDir = mkdtempSync(join(tmpdir(), 'warrant-docs-'))
  writeFileSync(join(documentsDir, `${docId}.md`), '# Brief\n\nSome text.\n')
  server = await startServer({
    ...readConfig({}),
    port: 0,
    dataDir,
    documentsDir,
    keepaliveMs: 50,
  })
  owner = server.ownerToken!
  storage = new Storage(join(dataDir, 'warrant.sqlite'))
})

afterAll(async () => {
  for (const raw of clients) raw.ws.terminate()
  storage?.close()
  await server?.close()
})

describe('the sync endpoint', () => {
  it('opens with SyncStep1 from the server', async () => {
    const raw = client(`${docId}.annotations`)
    const decoder = await raw.next(messageSync)
    expect(decoding.readVarUint(decoder)).toBe(0)
  })

  it('stores an update before relaying it to other connections', async () => {
    const writer = client(`${docId}.annotations`)
    const reader = client(`${docId}.annotations`)
    await writer.next(messageSync)
    await reader.next(messageSync)
    writer.send(textUpdate('stored first'))
    const decoder = await reader.next(messageSync)
    expect(decoding.readVarUint(decoder)).toBe(2)
    const fromDisk = new Y.Doc()
    storage.loadRoom(`${docId}.annotations`, fromDisk)
    expect(fromDisk.getText('t').toString()).toBe('stored first')
  })

  it('closes a socket that sends a malformed frame with 1002 and keeps serving others', async () => {
    const bad = client(`${docId}.content`)
    await bad.next(messageSync)
    bad.send(new Uint8Array([0, 1, 200]))
    expect((await bad.closed).code).toBe(1002)
    const text = client(`${docId}.content`)
    await text.next(messageSync)
    text.send('hello')
    expect((await text.closed).code).toBe(1003)
    const good = client(`${docId}.content`)
    expect(decoding.readVarUint(await good.next(messageSync))).toBe(0)
  })

  it('keeps an idle client alive with a protocol message, not only pings', async () => {
    const idle = client(`${docId}.content`)
    await idle.next(messageSync)
    expect(statesOf(await idle.next(messageAwareness))).toEqual([])
  })

  it('relays awareness to every connection, the sender too, and removes it on close', async () => {
    const ada = client(`${docId}.content`)
    const bo = client(`${docId}.content`)
    await ada.next(messageSync)
    await bo.next(messageSync)
    ada.send(awarenessUpdate(4242, 1, { user: { name: 'Ada' } }))
    const nonEmpty = async (raw: RawClient) => {
      for (;;) {
        const states = statesOf(await raw.next(messageAwareness))
        if (states.length > 0) return states
      }
    }
    // The name and role come from the token, whatever the client wrote.
    const stamped = { user: { name: 'owner', role: 'owner' } }
    expect(await nonEmpty(ada)).toEqual([[4242, stamped]])
    expect(await nonEmpty(bo)).toEqual([[4242, stamped]])
    ada.ws.close()
    expect(await nonEmpty(bo)).toEqual([[4242, null]])
  })

  it("moves a reader's presence to their new socket, and refuses it to another token", async () => {
    const stale = client(`${docId}.content`)
    const watcher = client(`${docId}.content`)
    await stale.next(messageSync)
    await watcher.next(messageSync)
    const nonEmpty = async (raw: RawClient) => {
      for (;;) {
        const states = statesOf(await raw.next(messageAwareness))
        if (states.length > 0) return states
      }
    }
    stale.send(awarenessUpdate(5151, 1, { user: { name: 'Ada' }, cursor: 1 }))
    expect(await nonEmpty(watcher)).toEqual([
      [5151, { user: { name: 'owner', role: 'owner' }, cursor: 1 }],
    ])

    const stranger = await new Tokens(new SqliteTokenStore(storage)).create({
      role: 'owner',
      label: 'Eve',
      document: null,
    })
    const impostor = client(`${docId}.content`, stranger)
    await impostor.next(messageSync)
    impostor.send(awarenessUpdate(5151, 2, { user: { name: 'Eve' } }))

    const back = client(`${docId}.content`)
    await back.next(messageSync)
    back.send(awarenessUpdate(5151, 3, { user: { name: 'Ada' }, cursor: 3 }))
    const returned = [[5151, { user: { name: 'owner', role: 'owner' }, cursor: 3 }]]
    expect(await nonEmpty(watcher)).toEqual(returned)
    // The old socket closing late must not take the reader's presence away.
    stale.ws.close()
    await stale.closed
    await watcher.roundTrip()
    watcher.send(Uint8Array.of(messageQueryAwareness))
    expect(await nonEmpty(watcher)).toEqual(returned)
  })

  it('refuses a viewer writing to the content, and does not apply it', async () => {
    const viewer = await new Tokens(new SqliteTokenStore(storage)).create({
      role: 'viewer',
      label: 'Vi',
      document: null,
    })
    const raw = client(`${docId}.content`, viewer)
    await raw.next(messageSync)
    raw.send(textUpdate('not allowed'))
    const decoder = await raw.next(messageAuth)
    expect(decoding.readVarUint(decoder)).toBe(0)
    expect(decoding.readVarString(decoder)).toMatch(/read-only/)
    const response = await fetch(`${server.url}/api/documents/${docId}?token=${owner}`)
    expect(((await response.json()) as { text: string }).text).toBe('Brief\nSome text.')
    const fromDisk = new Y.Doc()
    storage.loadRoom(`${docId}.content`, fromDisk)
    expect(fromDisk.getText('t').toString()).toBe('')
  })
})

describe('the stored acknowledgement (ack=1)', () => {
  it('sends an opted-in connection the stored state vector when it joins', async () => {
    const raw = client(`${docId}.annotations`, owner, '&ack=1')
    const joined = await stored(raw)
    const fromDisk = new Y.Doc()
    storage.loadRoom(`${docId}.annotations`, fromDisk)
    expect(joined).toEqual(Y.decodeStateVector(Y.encodeStateVector(fromDisk)))
  })

  it('acknowledges a write with a state vector covering it, once it is on disk', async () => {
    const raw = client(`${docId}.annotations`, owner, '&ack=1')
    await stored(raw)
    const write = typed('acknowledged')
    raw.send(write.message)
    const vector = await stored(raw)
    expect(vector.get(write.client)).toBe('acknowledged'.length)
    const fromDisk = new Y.Doc()
    storage.loadRoom(`${docId}.annotations`, fromDisk)
    expect(Y.decodeStateVector(Y.encodeStateVector(fromDisk)).get(write.client)).toBe(
      'acknowledged'.length,
    )
  })

  it('never sends the message to a connection that did not ask for it', async () => {
    const writer = client(`${docId}.annotations`)
    const reader = client(`${docId}.annotations`)
    await writer.next(messageSync)
    await reader.next(messageSync)
    writer.send(textUpdate('unacknowledged'))
    expect(decoding.readVarUint(await reader.next(messageSync))).toBe(2)
    await writer.roundTrip()
    expect(writer.types).not.toContain(messageStored)
  })

  it("does not acknowledge a viewer's refused write", async () => {
    const viewer = await new Tokens(new SqliteTokenStore(storage)).create({
      role: 'viewer',
      label: 'Vi',
      document: null,
    })
    const raw = client(`${docId}.content`, viewer, '&ack=1')
    await stored(raw)
    raw.send(textUpdate('refused'))
    await raw.next(messageAuth)
    await raw.roundTrip()
    expect(raw.types.filter((type) => type === messageStored)).toHaveLength(1)
  })
})
