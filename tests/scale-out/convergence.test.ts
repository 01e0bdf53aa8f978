/**
 * Server instances sharing one PostgreSQL schema and one Redis, with stock y-websocket clients
 * connected straight to each: their edits of a document's text and annotations must reach every
 * client whatever instance it is on, and be what PostgreSQL stores; an instance started in the
 * middle of a session must serve the current state and then what is edited elsewhere.
 *
 * Replay with WARRANT_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest'
import { describeLosses } from '../reliability/checker'
import { fingerprint } from '../reliability/fingerprint'
import { createDocument } from '../reliability/stored-rooms'
import { trialMarkdown } from '../reliability/workload'
import type { Writer } from '../reliability/writer'
import { clusterServicesAvailable, withCluster } from './cluster'
import { checkStored, connectWriters, converge, Editing, report, waitUntil } from './editing'

const available = await clusterServicesAvailable('the scale-out convergence tests')
const seed = Number(process.env.WARRANT_SEED ?? 1)

function closeAll(writers: readonly Writer[]): void {
  for (const writer of writers) writer.close()
}

describe.skipIf(!available)('instances sharing PostgreSQL and Redis', () => {
  it('bring stock clients spread over three instances to one state, the one PostgreSQL stores', async () => {
    await withCluster({ instances: 3, label: 'scale_converge' }, async (cluster) => {
      const title = 'Scale-out convergence'
      const rooms = await createDocument(cluster.instances[0]!, title, trialMarkdown(title))
      const urls = [0, 1, 2, 0, 1, 2].map((i) => cluster.instances[i]!.syncUrl)
      const writers = await connectWriters(cluster, rooms, urls)
      try {
        const editing = new Editing(writers, seed)
        await waitUntil('150 edits are made', () => editing.edits >= 150)
        const edits = await editing.stop()
        const convergence = await converge(cluster, rooms, writers)
        const result = await checkStored(cluster, rooms, writers, { everything: true })
        report('three instances converge', {
          seed,
          instances: 3,
          clients: writers.length * 2,
          edits,
          acknowledged: result.acknowledged,
          relayed: result.relayed,
          convergeMs: convergence.ms,
        })
        expect(convergence.detail).toBe('')
        expect(describeLosses(result.lost)).toBe('')
      } finally {
        closeAll(writers)
      }
    })
  }, 60_000)

  it('serve a client of an instance started mid-session the current state, then edits made elsewhere', async () => {
    await withCluster({ instances: 2, label: 'scale_join' }, async (cluster) => {
      const title = 'Scale-out newcomer'
      const rooms = await createDocument(cluster.instances[0]!, title, trialMarkdown(title))
      const urls = cluster.instances.map((instance) => instance.syncUrl)
      const writers = await connectWriters(cluster, rooms, urls)
      const joined: Writer[] = []
      try {
        const before = new Editing(writers, seed)
        await waitUntil('60 edits are made', () => before.edits >= 60)
        const editsBefore = await before.stop()
        const settled = await converge(cluster, rooms, writers)
        expect(settled.detail).toBe('')

        const started = Date.now()
        const third = await cluster.addInstance()
        const startMs = Date.now() - started
        joined.push(...(await connectWriters(cluster, rooms, [third.syncUrl], 'newcomer')))
        const newcomer = joined[0]!
        const current = fingerprint(writers[0]!.content.doc, writers[0]!.annotations.doc)
        expect(fingerprint(newcomer.content.doc, newcomer.annotations.doc)).toBe(current)

        const after = new Editing(writers, seed + 1)
        await waitUntil('60 edits are made', () => after.edits >= 60)
        const editsAfter = await after.stop()
        const convergence = await converge(cluster, rooms, [...writers, newcomer])
        const result = await checkStored(cluster, rooms, [...writers, newcomer], {
          everything: true,
        })
        report('instance joins mid-session', {
          seed,
          instances: 3,
          clients: (writers.length + 1) * 2,
          editsBefore,
          editsAfter,
          instanceStartMs: startMs,
          convergeMs: convergence.ms,
        })
        expect(convergence.detail).toBe('')
        expect(describeLosses(result.lost)).toBe('')
      } finally {
        closeAll([...writers, ...joined])
      }
    })
  }, 60_000)
})
