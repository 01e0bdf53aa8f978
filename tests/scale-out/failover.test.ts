/**
 * Faults in a scaled-out deployment while stock y-websocket clients (with `ack=1`, recording
 * their histories) edit a document's text and annotations: an instance killed with SIGKILL, its
 * clients reconnecting through the balancer to another; Redis killed and started again on the
 * same port. After each, the checker compares every history with the state PostgreSQL stores:
 * no update a client had seen acknowledged or received may be missing, and once the clients
 * have converged, everything they made is stored.
 *
 * Replay with WARRANT_SEED=<seed>.
 */
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { OwnRedisServer } from '../../apps/server/src/redis-server.testkit'
import { describeLosses } from '../reliability/checker'
import { fingerprint } from '../reliability/fingerprint'
import { createDocument } from '../reliability/stored-rooms'
import { trialMarkdown } from '../reliability/workload'
import type { Writer } from '../reliability/writer'
import { clusterServicesAvailable, withCluster } from './cluster'
import { checkStored, connectWriters, converge, Editing, report, waitUntil } from './editing'

const available = await clusterServicesAvailable('the scale-out failover tests')
const seed = Number(process.env.WARRANT_SEED ?? 1)

/** Whether every replica of every writer has an open socket. */
function allConnected(writers: readonly Writer[]): boolean {
  return writers.every(
    (writer) => writer.content.provider.wsconnected && writer.annotations.provider.wsconnected,
  )
}

/** Counts the sockets of `writers` that close from now on. */
function countDisconnects(writers: readonly Writer[]): { count: number } {
  const dropped = { count: 0 }
  for (const writer of writers) {
    for (const client of [writer.content, writer.annotations]) {
      client.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') dropped.count++
      })
    }
  }
  return dropped
}

describe.skipIf(!available)('a scaled-out deployment under faults', () => {
  it('loses no update a client saw when an instance is killed mid-edit, and its clients carry on through another', async () => {
    await withCluster({ instances: 3, label: 'scale_kill' }, async (cluster) => {
      const title = 'Scale-out instance killed'
      const rooms = await createDocument(cluster.instances[0]!, title, trialMarkdown(title))
      const through = Array.from({ length: 6 }, () => cluster.balancer.syncUrl)
      const writers = await connectWriters(cluster, rooms, through)
      try {
        const gen = prng.create(seed)
        const victim = cluster.instances[prng.int32(gen, 0, 2)]!
        const victimPort = Number(new URL(victim.url).port)
        const editing = new Editing(writers, seed)
        const killAfter = prng.int32(gen, 30, 120)
        await waitUntil(`${killAfter} edits are made`, () => editing.edits >= killAfter)
        const orphaned = cluster.balancer.connectionsTo(victimPort)
        const editsAtKill = editing.edits
        const dropped = countDisconnects(writers)
        const killed = Date.now()
        await cluster.kill(victim)
        await waitUntil(
          `the ${orphaned} sockets on the killed instance reconnect`,
          () => dropped.count >= orphaned && allConnected(writers),
        )
        const reconnectMs = Date.now() - killed
        await waitUntil('60 more edits are made', () => editing.edits >= editsAtKill + 60)
        const edits = await editing.stop()

        const seen = await checkStored(cluster, rooms, writers)
        const convergence = await converge(cluster, rooms, writers)
        const final = await checkStored(cluster, rooms, writers, { everything: true })
        report('instance killed', {
          seed,
          instances: 3,
          clients: writers.length * 2,
          socketsOnKilled: orphaned,
          edits,
          editsAtKill,
          acknowledged: seen.acknowledged,
          relayed: seen.relayed,
          reconnectMs,
          convergeMs: convergence.ms,
        })
        expect(orphaned).toBeGreaterThan(0)
        expect(cluster.balancer.connectionsTo(victimPort)).toBe(0)
        expect(describeLosses(seen.lost)).toBe('')
        expect(convergence.detail).toBe('')
        expect(describeLosses(final.lost)).toBe('')
      } finally {
        for (const writer of writers) writer.close()
      }
    })
  }, 60_000)

  it('recovers when Redis is killed and started again while clients edit on different instances', async () => {
    const redis = await OwnRedisServer.start()
    try {
      await withCluster(
        { instances: 3, label: 'scale_redis', redisUrl: redis.url },
        async (cluster) => {
          const title = 'Scale-out Redis restart'
          const rooms = await createDocument(cluster.instances[0]!, title, trialMarkdown(title))
          const urls = [0, 1, 2, 0, 1, 2].map((i) => cluster.instances[i]!.syncUrl)
          const writers = await connectWriters(cluster, rooms, urls)
          try {
            const editing = new Editing(writers, seed)
            await waitUntil('40 edits are made', () => editing.edits >= 40)
            await redis.kill()
            const editsAtKill = editing.edits
            await waitUntil('60 more edits are made', () => editing.edits >= editsAtKill + 60)
            // Evidence that the outage kept edits apart: the replicas' states differ here.
            const statesAtRestart = new Set(
              writers.map((writer) => fingerprint(writer.content.doc, writer.annotations.doc)),
            ).size
            await redis.restart()
            const editsAtRestart = editing.edits
            await waitUntil('40 more edits are made', () => editing.edits >= editsAtRestart + 40)
            const edits = await editing.stop()

            const seen = await checkStored(cluster, rooms, writers)
            // Well within the 30 s periodic re-read: what an instance could not send while Redis
            // was away is sent again once it answers, and the re-read must not be what brings it.
            const convergence = await converge(cluster, rooms, writers, 15_000)
            const final = await checkStored(cluster, rooms, writers, { everything: true })
            report('redis restarted', {
              seed,
              instances: 3,
              clients: writers.length * 2,
              edits,
              editsWhileDown: editsAtRestart - editsAtKill,
              statesAtRestart,
              acknowledged: seen.acknowledged,
              relayed: seen.relayed,
              convergeMs: convergence.ms,
            })
            expect(describeLosses(seen.lost)).toBe('')
            expect(convergence.detail).toBe('')
            expect(describeLosses(final.lost)).toBe('')
            expect(cluster.live()).toHaveLength(3)
          } finally {
            for (const writer of writers) writer.close()
          }
        },
      )
    } finally {
      await redis.kill()
    }
  }, 60_000)
})
