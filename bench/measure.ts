/**
 * What every benchmark scenario shares: the shape of a result row (one metric, Warrant beside
 * its peers and the floor) and how a variant is timed (warm-up runs first, then repeated runs,
 * reported by their median).
 */

/** Options every scenario takes. */
export interface ScenarioOptions {
  /** A reduced run (smaller inputs, fewer repeats) to check the benchmark works. */
  quick: boolean
}

/**
 * One line of the results table: one metric of one scenario on one input, measured for Warrant,
 * for each peer that does the same job, and for the floor (the least the work can cost). Every
 * metric is a cost: lower is better.
 */
export interface BenchRow {
  scenario: string
  input: string
  /** What is measured, with its unit (e.g. `p99 ms`, `MiB per document`). */
  metric: string
  warrant: number
  /** Each peer's value by the peer's name (the same name in every row it appears in). */
  peers: Record<string, number>
  floor?: number
  /** Warrant ÷ the best peer, or ÷ the floor where no peer is measured. */
  ratio: number
  /** What the ratio divides by. */
  ratioTo: 'peer' | 'floor' | 'none'
  /** The target this metric is held to, in words (e.g. `≤ best peer`, `< 50 ms`). */
  target?: string
  /** Every run's value, by variant (`Warrant`, a peer's name, `floor`), for the JSON. */
  runs: Record<string, number[]>
  /** Anything else a reader needs to trust the row (sends measured, unfinished, sizes). */
  notes?: Record<string, number | string>
}

/**
 * The peer of the anchoring and editor scenarios: y-prosemirror's own way, one
 * `relativePositionToAbsolutePosition` call per anchor endpoint.
 */
export const perAnchorPeer = 'y-prosemirror per anchor'

/** A row's fields before its ratio is worked out. */
export type RowFields = Omit<BenchRow, 'ratio' | 'ratioTo' | 'runs' | 'peers'> &
  Partial<Pick<BenchRow, 'runs' | 'peers'>>

/** Completes a row: its ratio is Warrant ÷ the lowest peer, else ÷ the floor. */
export function row(fields: RowFields): BenchRow {
  const peers = fields.peers ?? {}
  const peerValues = Object.values(peers).filter((v) => Number.isFinite(v))
  const base = peerValues.length > 0 ? Math.min(...peerValues) : fields.floor
  const ratioTo = peerValues.length > 0 ? 'peer' : fields.floor !== undefined ? 'floor' : 'none'
  return {
    ...fields,
    peers,
    runs: fields.runs ?? {},
    ratio: base !== undefined && base > 0 ? fields.warrant / base : Number.NaN,
    ratioTo,
  }
}

/**
 * A row of medians over repeated runs on several servers: `names[0]` is Warrant, the others
 * its peers; `value` reads the metric off one run.
 */
export function medianRow<Run>(
  fields: Pick<BenchRow, 'scenario' | 'input' | 'metric' | 'target'>,
  names: string[],
  runs: ReadonlyMap<string, Run[]>,
  value: (run: Run) => number,
): BenchRow {
  const values = new Map([...runs].map(([server, list]) => [server, list.map(value)]))
  const figure = (name: string) => median(values.get(name) ?? [])
  const [warrant, ...peers] = names
  return row({
    ...fields,
    warrant: figure(warrant!),
    peers: Object.fromEntries(peers.map((peer) => [peer, figure(peer)])),
    runs: Object.fromEntries(values),
  })
}

/** A benchmark scenario: runs its variants and returns its rows. */
export interface Scenario {
  name: string
  describe: string
  run(options: ScenarioOptions): Promise<BenchRow[]> | BenchRow[]
}

/** How a variant is timed. */
export interface MeasureOptions {
  warmup: number
  repeat: number
}

/** Times `run` (after `warmup` untimed runs) `repeat` times; returns each run's milliseconds. */
export function measure(run: () => unknown, options: MeasureOptions): number[] {
  for (let i = 0; i < options.warmup; i++) run()
  const times: number[] = []
  for (let i = 0; i < options.repeat; i++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
  }
  return times
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The q-quantile (nearest rank) of some numbers. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/** A seeded integer generator (mulberry32): `int(min, max)` is uniform over min..max inclusive. */
export interface Random {
  int(min: number, max: number): number
}

/** A Random from a seed; the same seed gives the same numbers. */
export function seeded(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return { int: (min, max) => min + Math.floor(next() * (max - min + 1)) }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
