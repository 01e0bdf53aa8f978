import { describe, expect, it } from 'vitest'
import { quantile, row } from './measure'
import { figure, resultsTable } from './report'

describe('a results row', () => {
  it('divides Warrant by the best peer when peers are measured', () => {
    const r = row({ scenario: 's', input: 'i', metric: 'ms', warrant: 6, peers: { a: 4, b: 3 } })
    expect(r.ratio).toBe(2)
    expect(r.ratioTo).toBe('peer')
  })

  it('divides Warrant by the floor when no peer is measured', () => {
    const r = row({ scenario: 's', input: 'i', metric: 'ms', warrant: 3, floor: 2 })
    expect(r.ratio).toBe(1.5)
    expect(r.ratioTo).toBe('floor')
  })

  it('has no ratio when there is nothing to compare with', () => {
    const r = row({ scenario: 's', input: 'i', metric: 'ms', warrant: 3 })
    expect(r.ratioTo).toBe('none')
    expect(r.ratio).toBeNaN()
  })
})

describe('the results table', () => {
  it('gives each peer a column, in the order the rows first name them', () => {
    const table = resultsTable([
      row({
        scenario: 'fanout',
        input: '2 clients',
        metric: 'p99 ms',
        warrant: 6.14,
        peers: { ref: 4.2, hocuspocus: 3.8 },
      }),
      row({
        scenario: 'export',
        input: '10 records',
        metric: 'ms, json',
        warrant: 12,
        floor: 10,
        target: '≤ 1.5× floor',
      }),
    ])
    const [head, , fanout, exported] = table.split('\n')
    expect(head!.split('|').map((c) => c.trim())).toEqual([
      '',
      'scenario',
      'input',
      'metric',
      'Warrant',
      'ref',
      'hocuspocus',
      'floor',
      'ratio',
      'target',
      '',
    ])
    expect(fanout).toContain('| 6.14 ')
    expect(fanout).toContain('1.62× peer')
    expect(exported).toContain('1.20× floor')
    expect(exported).toContain('≤ 1.5× floor')
  })

  it('prints figures to three significant digits', () => {
    expect([figure(0.01234), figure(3.14259), figure(31.4159), figure(31415.9)]).toEqual([
      '0.012',
      '3.14',
      '31.4',
      '31,416',
    ])
  })
})

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect([quantile(values, 0.5), quantile(values, 0.99), quantile(values, 1)]).toEqual([
      50, 99, 100,
    ])
  })
})
