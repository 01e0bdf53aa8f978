/**
 * What every benchmark scenario shares: the shape of a result row and how a variant is timed
 * (warm-up runs first, then repeated runs, reported by their median).
 */

/** Options every scenario takes. */
export interface ScenarioOptions {
  /** A reduced run (smaller inputs, fewer repeats) to check the benchmark works. */
  quick: boolean
}

/** One line of the results table: one variant of one scenario on one input. */
export interface BenchRow {
  scenario: string
  input: string
  variant: string
  /** How many operations one run performs (e.g. anchor endpoints resolved). */
  operations: number
  medianMs: number
  runsMs: number[]
  /** This variant's median over the scenario's reference variant (1 for the reference). */
  ratio: number
  /** Latency scenarios: quantiles in ms, and sends that never reached every receiver. */
  latency?: { p50Ms: number; p99Ms: number; unfinished: number }
  /** Server scenarios: the server process's CPU per delivered update and its resident memory. */
  server?: { deliveries: number; cpuUsPerUpdate: number; rssMiB: number }
}

/** A benchmark scenario: runs its variants and returns one row per variant and input. */
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
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** A seeded integer generator (mulberry32): `int(min, max)` is uniform over min..max inclusive. */
export interface Random {
  int(min: number, max: number): number
}

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
