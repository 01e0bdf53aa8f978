/**
 * Graceful shutdown of the real server process: SIGTERM while stock clients (ack=1) write
 * without pause ends the process cleanly, each client hears 1001 with the reason, and after a
 * restart every update the server acknowledged is there; a peer that never reads nor answers the
 * close does not keep the process alive.
 */
import { connect as connectTcp, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient } from '../support/clients'
import { startServer, type TestServer } from '../support/server'
import { connectRecorded, type RecordedClient } from '../support/stored'
import { report, size, timeout } from './runs'

const docId = 'kiep-north-korea-foreign-relations-2024'
const room = `${docId}.annotations`
// Every update is one entry of this map, keyed by its writer and its number.
const probe = 'reliability-probe'
// No write budget: the writers share the owner token.
const env = { WARRANT_RATE_PER_SECOND: '0' }

const servers: TestServer[] = []
const clients: RecordedClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const server of servers.splice(0)) await server.kill()
})

async function start(dataDir?: string): Promise<TestServer> {
  const server = await startServer({ dataDir, env })
  servers.push(server)
  return server
}

/** A writer with ack=1 that sets one entry per turn of its timer until stopped. */
interface Writer {
  client: RecordedClient
  /** The close the server sent it first. */
  closed: Promise<{ code: number; reason: string }>
  stop(): void
}

function write(client: RecordedClient): Writer {
  const map = client.doc.getMap<number>(probe)
  let n = 0
  const timer = setInterval(() => {
    if (client.provider.wsconnected) map.set(`${client.doc.clientID}-${n++}`, n)
  }, 2)
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    client.provider.once('connection-close', (event) => {
      resolve({ code: event?.code ?? 0, reason: event?.reason ?? '' })
    })
  })
  return { client, closed, stop: () => clearInterval(timer) }
}

/** The highest clock of `client` any stored acknowledgement covered. */
function acknowledgedClock(client: RecordedClient): number {
  return Math.max(0, ...client.stored.map((vector) => vector.get(client.doc.clientID) ?? 0))
}

/** Resolves once each writer has had `count` stored acknowledgements. */
async function acknowledged(writers: Writer[], count: number): Promise<void> {
  for (;;) {
    if (writers.every((w) => w.client.stored.length >= count)) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('shutdown on SIGTERM', () => {
  it(
    'closes every socket with 1001 and exits, keeping every acknowledged update',
    async () => {
      const server = await start()
      const writers: Writer[] = []
      for (let i = 0; i < size(3, 12); i += 1) {
        const client = await connectRecorded(server, room, { acknowledge: true })
        clients.push(client)
        writers.push(write(client))
      }
      await acknowledged(writers, size(100, 1000))
      const began = Date.now()
      await server.stop()
      const stoppedMs = Date.now() - began
      for (const writer of writers) {
        writer.stop()
        writer.client.provider.disconnect()
      }
      const exit = await server.exited
      const closes = await Promise.all(writers.map((writer) => writer.closed))

      const again = await start(server.dataDir)
      const reader = await connectClient(again, room)
      const stored = reader.doc.getMap<number>(probe)
      let acknowledgedUpdates = 0
      let lost = 0
      let written = 0
      for (const { client } of writers) {
        const clock = acknowledgedClock(client)
        acknowledgedUpdates += clock
        written +=
          Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID) ?? 0
        // The writer's n-th entry (from 0) is its n-th update: clock n.
        for (let n = 0; n < clock; n += 1) if (!stored.has(`${client.doc.clientID}-${n}`)) lost += 1
      }
      reader.close()
      report('shutdown with writers', {
        writers: writers.length,
        written,
        acknowledged: acknowledgedUpdates,
        stored: stored.size,
        acknowledgedButLost: lost,
        stopMs: stoppedMs,
      })
      expect(exit).toEqual({ code: 0, signal: null })
      expect(closes).toEqual(writers.map(() => ({ code: 1001, reason: 'server shutting down' })))
      expect(acknowledgedUpdates).toBeGreaterThan(0)
      expect(lost).toBe(0)
      expect(server.output()).not.toMatch(/cut short/)
    },
    timeout(60_000, 180_000),
  )

  it(
    'is not kept alive by a peer that never reads nor answers the close',
    async () => {
      const server = await start()
      const peers: Socket[] = []
      for (let i = 0; i < size(2, 8); i += 1) peers.push(await silentPeer(server, room))
      const writer = await connectRecorded(server, room, { acknowledge: true })
      clients.push(writer)
      const writing = write(writer)
      await acknowledged([writing], 5)
      const began = Date.now()
      await server.stop()
      writing.stop()
      const exit = await server.exited
      report('shutdown with silent peers', { peers: peers.length, stopMs: Date.now() - began })
      for (const peer of peers) peer.destroy()
      expect(exit.signal).toBeNull()
      // 0: it finished in time; 1: the hard deadline ended it. Either way it is gone.
      expect([0, 1]).toContain(exit.code)
      expect(server.output()).toMatch(/Stopped after SIGTERM|cut short/)
    },
    timeout(60_000, 120_000),
  )
})

/** Opens a sync socket by hand, then stops reading: it never sees nor answers the close. */
function silentPeer(server: TestServer, name: string): Promise<Socket> {
  const { hostname, port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket = connectTcp(Number(port), hostname, () => {
      socket.write(
        `GET /sync/${name}?token=${server.token} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
          'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      )
    })
    socket.once('error', reject)
    socket.once('data', (chunk: Buffer) => {
      if (!chunk.toString().startsWith('HTTP/1.1 101')) {
        reject(new Error(`the upgrade was refused: ${chunk.toString().split('\r\n')[0]}`))
        return
      }
      socket.pause()
      resolve(socket)
    })
  })
}
