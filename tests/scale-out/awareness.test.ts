/**
 * Awareness across instances: who is in a room crosses instances through Redis, never through
 * PostgreSQL. A client on one instance must see a client on another appear, and disappear when
 * it leaves; when that other instance dies without a word (SIGKILL), its clients must disappear
 * once its liveness key lapses (10 s after its last renewal, checked every 2 s), while the
 * clients of instances still alive stay.
 */
import { describe, expect, it } from 'vitest'
import { eventually } from '../reliability/eventually'
import { createDocument } from '../reliability/stored-rooms'
import { trialMarkdown } from '../reliability/workload'
import { connectClient, type SyncClient } from '../support/clients'
import type { TestServer } from '../support/server'
import { type Cluster, clusterServicesAvailable, withCluster } from './cluster'
import { report } from './editing'

const available = await clusterServicesAvailable('the scale-out awareness tests')

/** The server's liveness time to live, plus one check period and room for a loaded machine. */
const livenessDeadlineMs = 10_000 + 2_000 + 3_000

/** Connects a stock client to `syncUrl` with a token of its own, present as `name`. */
async function present(
  cluster: Cluster,
  syncUrl: string,
  room: string,
  name: string,
): Promise<SyncClient> {
  const client = await connectClient({ syncUrl, token: await cluster.mintToken(name) }, room)
  client.provider.awareness.setLocalStateField('user', { name })
  return client
}

/** Whether `observer` sees `other` in the room's awareness. */
function sees(observer: SyncClient, other: SyncClient): boolean {
  return observer.provider.awareness.getStates().has(other.doc.clientID)
}

describe.skipIf(!available)('awareness across instances', () => {
  it('shows a client of another instance appear and leave, and drops it when its instance dies', async () => {
    await withCluster({ instances: 3, label: 'scale_awareness' }, async (cluster) => {
      const title = 'Scale-out awareness'
      const rooms = await createDocument(cluster.instances[0]!, title, trialMarkdown(title))
      const [a, b, c] = [0, 1, 2].map((i) => cluster.instances[i]!) as [
        TestServer,
        TestServer,
        TestServer,
      ]
      const clients: SyncClient[] = []
      try {
        const observer = await present(cluster, a.syncUrl, rooms.content, 'observer')
        const bystander = await present(cluster, c.syncUrl, rooms.content, 'bystander')
        const visitor = await present(cluster, b.syncUrl, rooms.content, 'visitor')
        clients.push(observer, bystander)
        let started = Date.now()
        expect(await eventually(() => sees(observer, visitor), { within: 10_000 })).toBe(true)
        const appearMs = Date.now() - started
        expect(await eventually(() => sees(observer, bystander), { within: 10_000 })).toBe(true)

        started = Date.now()
        // A clean leave: the socket closes, and its instance says so to the others.
        visitor.close()
        expect(await eventually(() => !sees(observer, visitor), { within: 10_000 })).toBe(true)
        const leaveMs = Date.now() - started

        const stranded = await present(cluster, b.syncUrl, rooms.content, 'stranded')
        clients.push(stranded)
        expect(await eventually(() => sees(observer, stranded), { within: 10_000 })).toBe(true)
        started = Date.now()
        await cluster.kill(b)
        const dropped = await eventually(() => !sees(observer, stranded), {
          within: livenessDeadlineMs,
        })
        const droppedMs = Date.now() - started
        report('awareness across instances', {
          instances: 3,
          clients: 4,
          appearMs,
          leaveMs,
          deadInstanceDroppedMs: dropped ? droppedMs : `not within ${livenessDeadlineMs}`,
        })
        expect(dropped).toBe(true)
        expect(sees(observer, bystander)).toBe(true)
      } finally {
        for (const client of clients) client.close()
      }
    })
  }, 60_000)
})
