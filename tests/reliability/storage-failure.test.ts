/**
 * Storage faults on the real server process with stock y-websocket clients (ack=1): a full
 * database (reached through WARRANT_MAX_DATABASE_BYTES, SQLite's own SQLITE_FULL path) and a
 * database another program holds locked (BEGIN EXCLUSIVE). The server refuses the writes it
 * cannot store with the reason, acknowledges none of them, keeps serving reads and other
 * documents, answers HTTP writes 503, stays up, and stores the client's work once it can.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { CONTENT_FRAGMENT } from '@warrant/document'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Storage } from '../../apps/server/src/storage'
import { connectClient } from '../support/clients'
import { startServer, type TestServer } from '../support/server'
import { connectRecorded, covers, type RecordedClient } from '../support/stored'
import { report, size, timeout } from './runs'

const docId = 'kiep-north-korea-foreign-relations-2024'
const room = `${docId}.annotations`
// Every write is one 1 KiB entry of this map.
const probe = 'reliability-probe'
const entry = 'x'.repeat(1024)

const servers: TestServer[] = []
const clients: RecordedClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const server of servers.splice(0)) await server.kill()
})

/** Starts the server on `port` (0: any) with no write budget and no compaction while writing. */
async function start(port: number, dataDir?: string, env: Record<string, string> = {}) {
  const server = await startServer({
    dataDir,
    env: {
      PORT: String(port),
      WARRANT_RATE_PER_SECOND: '0',
      WARRANT_COMPACT_AFTER: '1000000',
      ...env,
    },
  })
  servers.push(server)
  return server
}

function portOf(server: TestServer): number {
  return Number(new URL(server.url).port)
}

function databaseFile(dataDir: string): string {
  return join(dataDir, 'warrant.sqlite')
}

/** The state vector of a room as the database file holds it. */
function storedVector(storage: Storage, name: string): Map<number, number> {
  const doc = new Y.Doc()
  storage.loadRoom(name, doc)
  const vector = Y.decodeStateVector(Y.encodeStateVector(doc))
  doc.destroy()
  return vector
}

/** Reads a room's stored state vector with a connection of its own. */
function readStored(dataDir: string, name: string): Map<number, number> {
  const storage = new Storage(databaseFile(dataDir))
  try {
    return storedVector(storage, name)
  } finally {
    storage.close()
  }
}

function vectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

/** Uploads a Markdown document of about `kib` KiB; the response. */
function upload(server: TestServer, title: string, kib: number): Promise<Response> {
  const paragraphs = Array.from({ length: kib }, (_, i) => `Paragraph ${i}: ${'word '.repeat(200)}`)
  const body = new FormData()
  const text = `# ${title}\n\n${paragraphs.join('\n\n')}\n`
  body.append('file', new File([text], `${title}.md`, { type: 'text/markdown' }))
  return server.api('/api/documents', { method: 'POST', body })
}

/** A writer that sets one entry per tick while connected, until stopped. */
interface Writing {
  /** The first close with 1011: the server could not store what it wrote. */
  refused: Promise<{ code: number; reason: string }>
  stop(): void
}

/** Starts writing; it goes on through the refusal and the reconnects after it (work kept). */
function keepWriting(client: RecordedClient): Writing {
  const map = client.doc.getMap<string>(probe)
  let n = 0
  const timer = setInterval(() => {
    if (client.provider.wsconnected && client.provider.synced) map.set(`e${n++}`, entry)
  }, 3)
  const refused = new Promise<{ code: number; reason: string }>((resolve) => {
    const onClose = (event: CloseEvent | null) => {
      if (event?.code !== 1011) return
      client.provider.off('connection-close', onClose)
      resolve({ code: event.code, reason: event.reason })
    }
    client.provider.on('connection-close', onClose)
  })
  return { refused, stop: () => clearInterval(timer) }
}

/** Whether any stored acknowledgement claims more than `disk` holds. */
function acknowledgedButLost(client: RecordedClient, disk: Map<number, number>): number {
  return client.stored.filter((vector) => !covers(disk, vector)).length
}

/** What the server still does while it refuses writes: reads, other documents, 503 writes. */
async function expectServing(server: TestServer, other: string, code: string): Promise<void> {
  expect((await server.api(`/api/documents/${docId}`)).status).toBe(200)
  expect((await server.api(`/api/documents/${other}`)).status).toBe(200)
  const reader = await connectClient(server, `${other}.content`)
  expect(reader.doc.getXmlFragment(CONTENT_FRAGMENT).length).toBeGreaterThan(0)
  reader.close()
  const created = await upload(server, 'refused', 256)
  expect(created.status).toBe(503)
  expect(created.headers.get('retry-after')).toMatch(/^\d+$/)
  expect(await created.json()).toMatchObject({
    code,
    error: expect.stringMatching(/^could not store: /),
  })
}

describe('when the database is full', () => {
  it(
    'refuses and never acknowledges what it could not store, then stores it with room to grow',
    async () => {
      const first = await start(0)
      const port = portOf(first)
      const other = await upload(first, 'another document', 4)
      expect(other.status).toBe(201)
      const otherId = ((await other.json()) as { id: string }).id
      await first.stop()
      const limit = statSync(databaseFile(first.dataDir)).size + size(128, 2048) * 1024
      const full = await start(port, first.dataDir, { WARRANT_MAX_DATABASE_BYTES: String(limit) })
      const writer = await connectRecorded(full, room, { acknowledge: true })
      clients.push(writer)

      const writing = keepWriting(writer)
      const refusal = await writing.refused
      expect(refusal.reason).toBe("could not store: the server's disk is full")
      await expectServing(full, otherId, 'disk-full')
      writing.stop()
      const local = vectorOf(writer.doc)
      expect(writer.stored.some((vector) => covers(vector, local))).toBe(false)
      const stopped = await full.stop().then(() => full.exited)
      expect(stopped.code).toBe(0)

      const disk = readStored(first.dataDir, room)
      const refused = (local.get(writer.doc.clientID) ?? 0) - (disk.get(writer.doc.clientID) ?? 0)
      const ackedLost = acknowledgedButLost(writer, disk)
      // Restarted with no limit on the same port: the stock client reconnects and resends.
      const roomy = await start(port, first.dataDir)
      await writer.saved()
      await roomy.stop()
      const lost = covers(readStored(first.dataDir, room), vectorOf(writer.doc)) ? 0 : 1
      report('database full', {
        limitBytes: limit,
        written: local.get(writer.doc.clientID) ?? 0,
        writesRefused: refused,
        acknowledgedButLost: ackedLost,
        lost,
      })
      expect(refused).toBeGreaterThan(0)
      expect(ackedLost).toBe(0)
      expect(lost).toBe(0)
    },
    timeout(60_000, 240_000),
  )
})

describe('when another program holds the database locked', () => {
  it(
    'refuses and never acknowledges what it could not store, then stores it once released',
    async () => {
      const server = await start(0)
      const other = await upload(server, 'another document', 4)
      expect(other.status).toBe(201)
      const otherId = ((await other.json()) as { id: string }).id
      const writer = await connectRecorded(server, room, { acknowledge: true })
      clients.push(writer)
      const map = writer.doc.getMap<string>(probe)
      for (let i = 0; i < size(20, 200); i += 1) map.set(`before${i}`, entry)
      await writer.saved()

      const holder = new Storage(databaseFile(server.dataDir))
      holder.db.exec('BEGIN EXCLUSIVE')
      let disk: Map<number, number>
      let local: Map<number, number>
      try {
        const writing = keepWriting(writer)
        const refusal = await writing.refused
        expect(refusal.reason).toBe('could not store: the database is locked by another program')
        const before = await (await server.api(`/api/documents/${docId}/settings`)).json()
        const changed = await server.api(`/api/documents/${docId}/settings`, {
          method: 'PUT',
          body: JSON.stringify({ citationStyle: 'mla' }),
        })
        expect(changed.status).toBe(503)
        expect(await changed.json()).toMatchObject({ code: 'database-locked' })
        // Nothing of the refused change stayed in memory.
        expect(await (await server.api(`/api/documents/${docId}/settings`)).json()).toEqual(before)
        await expectServing(server, otherId, 'database-locked')
        writing.stop()
        local = vectorOf(writer.doc)
        expect(writer.stored.some((vector) => covers(vector, local))).toBe(false)
        disk = storedVector(holder, room)
      } finally {
        holder.db.exec('ROLLBACK')
        holder.close()
      }
      const refused = (local.get(writer.doc.clientID) ?? 0) - (disk.get(writer.doc.clientID) ?? 0)
      const ackedLost = acknowledgedButLost(writer, disk)
      await writer.saved()
      await server.stop()
      const exit = await server.exited
      const lost = covers(readStored(server.dataDir, room), vectorOf(writer.doc)) ? 0 : 1
      report('database locked', {
        written: local.get(writer.doc.clientID) ?? 0,
        writesRefused: refused,
        acknowledgedButLost: ackedLost,
        lost,
      })
      expect(exit.code).toBe(0)
      expect(refused).toBeGreaterThan(0)
      expect(ackedLost).toBe(0)
      expect(lost).toBe(0)
    },
    timeout(60_000, 240_000),
  )
})
