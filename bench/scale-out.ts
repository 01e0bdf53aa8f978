/**
 * Scale-out: one writer on instance A and R readers of the same document on instance B, the two
 * instances sharing storage and a Redis (scale-out-servers.ts). The writer makes a small edit at a
 * steady rate; measured are the propagation latency from the writer's transaction to each
 * reader's applied update, p50 and p99, and the Redis commands per edit (`INFO commandstats` of
 * the deployment's own redis-server, before and after the measured period). The same deployment
 * with the readers on instance A gives the latency on one instance; the difference is what
 * crossing instances adds.
 *
 * The writer edits 10 times a second: half of Warrant's default write budget per token (20 a
 * second), so its throttle never enters the measurement. Every run starts a fresh deployment;
 * the servers take turns, and the figures are medians over the repeats. A run that fails (a
 * server that does not start, does not sync, or delivers nothing) is reported with its reason in
 * the row's notes and the server's figures read n/a; the other server's runs go on.
 */
import { askAll, closeLoads, type LoadProcess, startLoad } from './load-process'
import { type BenchRow, median, quantile, row, type Scenario, sleep } from './measure'
import { machineNow } from './processes'
import { callsBetween } from './redis-server'
import type { Applied, Edit, ScaleOutCommand, ScaleOutReply } from './scale-out-load'
import { type ScaleOutKind, scaleOutServers } from './scale-out-servers'
import { room } from './servers'

/** Where the readers connect: the other instance than the writer's, or the writer's own. */
type Placement = 'two instances' | 'one instance'

/** What one run measured. */
interface ScaleOutRun {
  /** Writer → reader latency of every edit of the measured period to every reader, in ms. */
  latencies: number[]
  /** Edits of the measured period times readers, less the deliveries measured. */
  missed: number
  edits: number
  /** Redis commands over the measured period, by command name. */
  redisCalls: Map<string, number>
}

/** One repeat of one server: the run with the readers on B and the run with them on A. */
type Repeat = Partial<Record<Placement, ScaleOutRun>>

/** How long a run lasts. */
interface ScaleOutTiming {
  readers: number
  editsPerSecond: number
  warmupMs: number
  measureMs: number
}

type Load = LoadProcess<ScaleOutCommand, ScaleOutReply>

const connectDeadlineMs = 30_000

/** Resolves as `promise` does, or rejects with `message` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** The latency of every edit made in [from, to) to each of `readers` readers. */
export function latenciesOf(
  edits: Edit[],
  applied: Applied[],
  readers: number,
  from: number,
  to: number,
): Pick<ScaleOutRun, 'latencies' | 'missed' | 'edits'> {
  const writers = new Set(edits.map(([writer]) => writer))
  // When each reader applied each of the writer's clocks: `reader:writer:clock`.
  const appliedAt = new Map<string, number>()
  for (const [reader, sender, before, after, at] of applied) {
    if (!writers.has(sender)) continue
    for (let clock = before + 1; clock <= after; clock++) {
      const key = `${reader}:${sender}:${clock}`
      if (!appliedAt.has(key)) appliedAt.set(key, at)
    }
  }
  const latencies: number[] = []
  let missed = 0
  let measured = 0
  for (const [writer, end, sentAt] of edits) {
    if (sentAt < from || sentAt >= to) continue
    measured++
    for (let reader = 0; reader < readers; reader++) {
      const at = appliedAt.get(`${reader}:${writer}:${end}`)
      if (at === undefined) missed++
      else latencies.push(at - sentAt)
    }
  }
  return { latencies, missed, edits: measured }
}

/** One run on a fresh deployment of `kind`: connect, warm up, measure, read the records. */
async function runScaleOut(
  kind: ScaleOutKind,
  placement: Placement,
  timing: ScaleOutTiming,
): Promise<ScaleOutRun> {
  const deployment = await kind.deploy(timing.readers)
  const loads: Load[] = []
  try {
    const writer = startLoad<ScaleOutCommand, ScaleOutReply>('scale-out-load.ts')
    loads.push(writer)
    writer.tell({ type: 'connect', role: 'writer', endpoint: deployment.writer, room, count: 1 })
    await within(
      writer.next('connected'),
      connectDeadlineMs,
      `the writer did not sync with instance A within ${connectDeadlineMs / 1000} s`,
    )
    const readers = startLoad<ScaleOutCommand, ScaleOutReply>('scale-out-load.ts')
    loads.push(readers)
    const onB = placement === 'two instances'
    readers.tell({
      type: 'connect',
      role: 'readers',
      endpoint: onB ? deployment.readersOnB : deployment.readersOnA,
      room,
      count: timing.readers,
    })
    await within(
      readers.next('connected'),
      connectDeadlineMs,
      `the readers did not sync with instance ${onB ? 'B' : 'A'} within ${connectDeadlineMs / 1000} s`,
    )
    writer.tell({ type: 'go', editsPerSecond: timing.editsPerSecond })
    await sleep(timing.warmupMs)
    const from = machineNow()
    const callsBefore = await deployment.redis.commandCalls()
    await sleep(timing.measureMs)
    const callsAfter = await deployment.redis.commandCalls()
    const to = machineNow()
    await askAll([writer], { type: 'stop' }, 'stopped')
    // Edits still on their way arrive, or count as missed.
    await sleep(1000)
    const [written] = await askAll([writer], { type: 'report' }, 'report')
    const [read] = await askAll([readers], { type: 'report' }, 'report')
    const measured = latenciesOf(written!.edits, read!.applied, timing.readers, from, to)
    if (measured.latencies.length === 0) {
      throw new Error(
        `no reader on instance ${onB ? 'B' : 'A'} applied any of the writer's ${measured.edits} edits`,
      )
    }
    return { ...measured, redisCalls: callsBetween(callsBefore, callsAfter) }
  } finally {
    await closeLoads(loads)
    await deployment.stop()
  }
}

/** All of a run's Redis commands per edit of its measured period. */
function commandsPerEdit(run: ScaleOutRun | undefined): number {
  if (!run) return Number.NaN
  const calls = [...run.redisCalls.values()].reduce((sum, n) => sum + n, 0)
  return calls / Math.max(1, run.edits)
}

/** Each command's calls per edit over every run of `placement`, e.g. `publish 1.00, …`. */
function commandMix(repeats: Repeat[], placement: Placement): string {
  const calls = new Map<string, number>()
  let edits = 0
  for (const run of repeats.map((r) => r[placement])) {
    if (!run) continue
    edits += run.edits
    for (const [command, n] of run.redisCalls) calls.set(command, (calls.get(command) ?? 0) + n)
  }
  return [...calls]
    .sort((a, b) => b[1] - a[1])
    .map(([command, n]) => `${command} ${(n / Math.max(1, edits)).toFixed(2)}`)
    .join(', ')
}

/** The scenario's rows: medians over the repeats, the failures in the notes. */
function rowsOf(
  timing: ScaleOutTiming,
  results: Map<string, Repeat[]>,
  failures: Map<string, string>,
): BenchRow[] {
  const input = `1 writer on A, ${timing.readers} readers on B, ${timing.editsPerSecond} edits/s`
  const [warrant, ...peers] = scaleOutServers.map((s) => s.name)
  const metric = (metric: string, value: (repeat: Repeat) => number, target?: string) => {
    const values = new Map(
      [...results].map(([name, repeats]) => [
        name,
        repeats.map(value).filter((v) => Number.isFinite(v)),
      ]),
    )
    return row({
      scenario: 'scale-out',
      input,
      metric,
      target,
      warrant: median(values.get(warrant!) ?? []),
      peers: Object.fromEntries(peers.map((peer) => [peer, median(values.get(peer) ?? [])])),
      runs: Object.fromEntries(values),
    })
  }
  const p = (placement: Placement, q: number) => (r: Repeat) => {
    const run = r[placement]
    return run ? quantile(run.latencies, q) : Number.NaN
  }
  const added = (q: number) => (r: Repeat) => p('two instances', q)(r) - p('one instance', q)(r)
  const across = metric('p99 ms writer → reader, two instances', p('two instances', 0.99))
  const notes: Record<string, string | number> = {}
  for (const [name, repeats] of results) {
    for (const placement of ['two instances', 'one instance'] as const) {
      const runs = repeats.flatMap((r) => r[placement] ?? [])
      notes[`${name}, ${placement}: edits measured`] = runs.reduce((n, r) => n + r.edits, 0)
      notes[`${name}, ${placement}: deliveries missed`] = runs.reduce((n, r) => n + r.missed, 0)
      notes[`${name}, ${placement}: Redis commands per edit`] = commandMix(repeats, placement)
    }
  }
  for (const [run, reason] of failures) notes[`${run} failed`] = reason
  across.notes = notes
  return [
    metric('p50 ms writer → reader, two instances', p('two instances', 0.5)),
    across,
    metric('p50 ms writer → reader, one instance', p('one instance', 0.5)),
    metric('p99 ms writer → reader, one instance', p('one instance', 0.99)),
    metric('p50 ms added between instances', added(0.5)),
    metric('p99 ms added between instances', added(0.99), '≤ best peer'),
    metric('Redis commands per edit, two instances', (r) => commandsPerEdit(r['two instances'])),
    metric('Redis commands per edit, one instance', (r) => commandsPerEdit(r['one instance'])),
  ]
}

/** An error's message on one line (a server's output included), short enough for a note. */
function reasonOf(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s+/g, ' ')
    .trim()
  return message.length > 500 ? `${message.slice(0, 500)}…` : message
}

export const scaleOutScenario: Scenario = {
  name: 'scale-out',
  describe:
    'a writer on instance A, readers on instance B, storage and Redis shared: writer → reader latency across instances and on one, Redis commands per edit',
  async run({ quick }) {
    const timing: ScaleOutTiming = {
      readers: quick ? 3 : 10,
      editsPerSecond: 10,
      warmupMs: quick ? 1000 : 3000,
      measureMs: quick ? 3000 : 10_000,
    }
    const repeats = quick ? 1 : 3
    const results = new Map<string, Repeat[]>(scaleOutServers.map((s) => [s.name, []]))
    // A failed run is not tried again: the same server fails the same way.
    const failures = new Map<string, string>()
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (let i = 0; i < scaleOutServers.length; i++) {
        const kind = scaleOutServers[(i + repeat) % scaleOutServers.length]!
        const measured: Repeat = {}
        const placements: Placement[] =
          repeat % 2 === 0 ? ['two instances', 'one instance'] : ['one instance', 'two instances']
        for (const placement of placements) {
          const label = `${kind.name}, ${placement}`
          if (failures.has(label)) continue
          try {
            const run = await runScaleOut(kind, placement, timing)
            measured[placement] = run
            console.log(
              `  ${label}: p50 ${quantile(run.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(run.latencies, 0.99).toFixed(1)} ms over ${run.edits} edits (${run.missed} deliveries missed), ${commandsPerEdit(run).toFixed(2)} Redis commands per edit`,
            )
          } catch (error) {
            failures.set(label, reasonOf(error))
            console.log(`  ${label}: FAILED: ${reasonOf(error)}`)
          }
        }
        results.get(kind.name)!.push(measured)
      }
    }
    return rowsOf(timing, results, failures)
  },
}
