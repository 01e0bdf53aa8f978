/**
 * How much a fault test does: the bounded sizes that run in `pnpm test`, or the long sizes the
 * issue's figures are quoted at (`pnpm test:reliability`, which sets WARRANT_RELIABILITY=long).
 */

/** Whether this is the long run. */
export const longRun = process.env.WARRANT_RELIABILITY === 'long'

/** `bounded` in `pnpm test`, `long` in `pnpm test:reliability`. */
export function size(bounded: number, long: number): number {
  return longRun ? long : bounded
}

/** A test timeout for a run of this size: `boundedMs` in `pnpm test`, `longMs` in the long run. */
export function timeout(boundedMs: number, longMs: number): number {
  return longRun ? longMs : boundedMs
}

/** Prints a figure of a fault test on one line the output can be searched for. */
export function report(test: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([name, value]) => `${name}=${value}`)
  console.log(`[reliability] ${test}: ${parts.join(' ')}`)
}
