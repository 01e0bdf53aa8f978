/**
 * The orders of the annotation list: document order with orphans last, and grouped by kind in
 * the codebook's order with unknown kinds after and document order kept inside each group.
 */
import { describe, expect, it } from 'vitest'
import { documentOrder, groupByKind } from './sidebar-order'

describe('documentOrder', () => {
  it('lists by where each starts now, the older first at one place, those without a place last', () => {
    const starts: Record<string, number | null> = { a: 40, b: 10, orphan: null, c: 10 }
    const annotations = [
      { id: 'orphan', created: '2024-01-01T00:00:00Z' },
      { id: 'a', created: '2024-01-01T00:00:00Z' },
      { id: 'c', created: '2024-03-01T00:00:00Z' },
      { id: 'b', created: '2024-02-01T00:00:00Z' },
    ]
    const ordered = documentOrder(annotations, (id) => starts[id] ?? null)
    expect(ordered.map((a) => a.id)).toEqual(['b', 'c', 'a', 'orphan'])
  })
})

describe('groupByKind', () => {
  it('groups by kind in the codebook order, keeping the document order inside each group', () => {
    const items = [
      { id: 'e1', kind: 'evidence' },
      { id: 'c1', kind: 'claim' },
      { id: 'e2', kind: 'evidence' },
      { id: 'c2', kind: 'claim' },
    ]
    const groups = groupByKind(items, ['claim', 'evidence', 'prediction'])
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.id)])).toEqual([
      ['claim', ['c1', 'c2']],
      ['evidence', ['e1', 'e2']],
    ])
  })

  it('puts kinds the codebook does not list after the others, by key', () => {
    const items = [{ kind: 'zeta' }, { kind: 'hypothesis' }, { kind: 'claim' }]
    expect(groupByKind(items, ['claim']).map((g) => g.kind)).toEqual([
      'claim',
      'hypothesis',
      'zeta',
    ])
  })
})
