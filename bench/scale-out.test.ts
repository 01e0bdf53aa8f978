import { describe, expect, it } from 'vitest'
import { latenciesOf } from './scale-out'
import type { Applied, Edit } from './scale-out-load'

const writer = 7
// Edits ending at clocks 1, 4 and 5, sent at 100, 200 and 300.
const edits: Edit[] = [
  [writer, 1, 100],
  [writer, 4, 200],
  [writer, 5, 300],
]

describe('writer → reader latency', () => {
  it('measures each edit to each reader from the transaction that applied it', () => {
    const applied: Applied[] = [
      [0, writer, 0, 1, 105],
      [1, writer, 0, 4, 210],
      [0, writer, 1, 5, 320],
    ]
    const measured = latenciesOf(edits, applied, 2, 0, 1000)
    expect(measured.edits).toBe(3)
    expect(measured.latencies.sort((a, b) => a - b)).toEqual([5, 10, 20, 110, 120])
    expect(measured.missed).toBe(1)
  })

  it('counts only the edits made in the measured period', () => {
    const applied: Applied[] = [[0, writer, 0, 5, 400]]
    const measured = latenciesOf(edits, applied, 1, 150, 300)
    expect(measured).toEqual({ latencies: [200], missed: 0, edits: 1 })
  })

  it('ignores transactions of other clients than the writer', () => {
    const applied: Applied[] = [[0, 99, 0, 5, 101]]
    expect(latenciesOf(edits, applied, 1, 0, 1000)).toEqual({ latencies: [], missed: 3, edits: 3 })
  })
})
