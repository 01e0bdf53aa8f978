/**
 * The web client's jittered reconnect (apps/web/src/reconnect.ts) on a stock WebsocketProvider
 * against the real server: after the server closes the connection it comes back after its own
 * random wait and resyncs, it never comes back from a permanent close, and a retry still waiting
 * is dropped when the provider is disconnected (the browser went offline) or destroyed.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type BackoffOptions, reconnectWithJitter } from '../../apps/web/src/reconnect'
import { connectClient, synced } from '../support/clients'
import { freePort, startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
const annotationsRoom = `${docId}.annotations`

let server: TestServer
let env: Record<string, string>
const providers: WebsocketProvider[] = []

/** A provider with the jittered reconnect, and when it closed and started connecting. */
interface Watched {
  provider: WebsocketProvider
  doc: Y.Doc
  closes: number[]
  connecting: number[]
}

function jittered(token: string, options: BackoffOptions): Watched {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.syncUrl, annotationsRoom, doc, {
    params: { token },
    // reason: the ws class is the WebSocket the provider expects, typed for Node.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: false,
  })
  reconnectWithJitter(provider, options)
  const watched: Watched = { provider, doc, closes: [], connecting: [] }
  provider.on('connection-close', () => watched.closes.push(performance.now()))
  provider.on('status', ({ status }) => {
    if (status === 'connecting') watched.connecting.push(performance.now())
  })
  provider.connect()
  providers.push(provider)
  return watched
}

function firstClose(watched: Watched): Promise<void> {
  if (watched.closes.length > 0) return Promise.resolve()
  return new Promise((resolve) => watched.provider.once('connection-close', () => resolve()))
}

async function restart(): Promise<void> {
  await server.stop()
  server = await startServer({ dataDir: server.dataDir, env })
}

beforeAll(async () => {
  env = { PORT: String(await freePort()) }
  server = await startServer({ env })
})

afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy()
})

afterAll(async () => {
  await server?.stop()
})

describe('reconnecting with jitter', () => {
  it('comes back after its own random wait when the server goes away, and resyncs', async () => {
    // y-websocket alone would retry after 200 ms; this client draws 0.8 of a 1 s window.
    const client = jittered(server.token, { baseMs: 1000, capMs: 1000, random: () => 0.8 })
    await synced(client.provider)
    const restarted = restart()
    await firstClose(client)
    client.doc.getMap('written-while-away').set('note', 'kept')
    await restarted
    await synced(client.provider)
    const [closedAt] = client.closes
    const retryAt = client.connecting.find((at) => at > closedAt!)
    expect(retryAt! - closedAt!).toBeGreaterThanOrEqual(799)

    const witness = await connectClient(server, annotationsRoom)
    providers.push(witness.provider)
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (witness.doc.getMap('written-while-away').get('note') !== 'kept') return
        witness.doc.off('afterTransaction', check)
        resolve()
      }
      witness.doc.on('afterTransaction', check)
      check()
    })
  })

  it('does not come back from a permanent close (a revoked share link)', async () => {
    const created = await server.api(`/api/documents/${docId}/shares`, {
      method: 'POST',
      body: JSON.stringify({ role: 'annotator', label: 'Revoked soon' }),
    })
    const { share, token } = (await created.json()) as { share: { id: string }; token: string }
    const client = jittered(token, { baseMs: 100, capMs: 100 })
    await synced(client.provider)
    const closed = new Promise<number>((resolve) =>
      client.provider.once('closed', (event) => resolve(event.code)),
    )
    const revoked = await server.api(`/api/documents/${docId}/shares/${share.id}`, {
      method: 'DELETE',
    })
    expect(revoked.ok).toBe(true)
    expect(await closed).toBe(4401)
    // Five times the longest wait: a retry would have started by now.
    await sleep(500)
    expect(client.connecting).toHaveLength(1)
    expect(client.provider.shouldConnect).toBe(false)
    expect(client.provider.ws).toBeNull()
  })

  it('drops a waiting retry when it is disconnected (offline) or destroyed', async () => {
    const offline = jittered(server.token, { baseMs: 300, capMs: 300, random: () => 1 })
    const destroyed = jittered(server.token, { baseMs: 300, capMs: 300, random: () => 1 })
    await Promise.all([synced(offline.provider), synced(destroyed.provider)])
    await server.stop()
    await Promise.all([firstClose(offline), firstClose(destroyed)])
    offline.provider.disconnect()
    destroyed.provider.destroy()
    // Three times the wait: the retries were due long ago.
    await sleep(900)
    expect(offline.connecting).toHaveLength(1)
    expect(destroyed.connecting).toHaveLength(1)

    server = await startServer({ dataDir: server.dataDir, env })
    offline.provider.connect()
    await synced(offline.provider)
  })
})
