/**
 * The wait before each reconnection attempt: random over the whole window (so clients dropped at
 * the same moment come back spread out), never beyond the cap, and a window that grows with the
 * failed attempts. A seeded random makes every draw repeatable.
 */
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { backoffCeiling, reconnectDelay } from './reconnect'

function seeded(seed: number): () => number {
  const generator = prng.create(seed)
  return () => prng.real53(generator)
}

function draws(attempt: number, count: number, seed: number): number[] {
  const random = seeded(seed)
  return Array.from({ length: count }, () => reconnectDelay(attempt, { random }))
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length
}

describe('the reconnect delay', () => {
  it('doubles its window with each attempt, from 250 ms up to the 5 s cap', () => {
    const windows = Array.from({ length: 8 }, (_, attempt) => backoffCeiling(attempt))
    expect(windows).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000])
    expect(backoffCeiling(3, { baseMs: 100, capMs: 30_000 })).toBe(800)
    expect(backoffCeiling(5000)).toBe(5000)
  })

  it('never waits less than nothing or longer than the window, whatever the attempt', () => {
    for (let attempt = 0; attempt < 64; attempt++) {
      for (const delay of draws(attempt, 200, attempt + 1)) {
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThanOrEqual(backoffCeiling(attempt))
        expect(delay).toBeLessThanOrEqual(5000)
      }
    }
  })

  it('spreads clients over the whole window instead of bringing them back together', () => {
    const delays = draws(4, 1000, 42)
    const tenths = Array.from({ length: 10 }, () => 0)
    for (const delay of delays) tenths[Math.min(9, Math.floor(delay / 400))]! += 1
    // Uniform: about 100 in each tenth of the 4 s window; none empty, none crowded.
    for (const count of tenths) {
      expect(count).toBeGreaterThan(50)
      expect(count).toBeLessThan(150)
    }
    expect(new Set(delays).size).toBeGreaterThan(500)
  })

  it('waits longer on average after each failed attempt, until the cap', () => {
    const means = Array.from({ length: 6 }, (_, attempt) => mean(draws(attempt, 1000, 7)))
    for (let attempt = 1; attempt < 6; attempt++) {
      expect(means[attempt]!).toBeGreaterThan(means[attempt - 1]!)
    }
    expect(means[0]!).toBeCloseTo(125, -1)
    expect(means[5]!).toBeCloseTo(2500, -2)
  })

  it('draws the same delays from the same seed', () => {
    expect(draws(3, 20, 9)).toEqual(draws(3, 20, 9))
    expect(draws(3, 20, 9)).not.toEqual(draws(3, 20, 10))
  })
})
