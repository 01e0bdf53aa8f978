/**
 * The sidebar's filters as plain data: what each facet and the search text let through, the
 * counts beside each value (within the other active filters), the orphans the list leaves to
 * their own tab, and the "n of m shown" line.
 */
import type { AnchorHealth } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import {
  type AnnotationFacts,
  annotationFacts,
  facetCounts,
  filterAnnotations,
  isFiltering,
  noFilters,
  type SidebarFilters,
  shownSummary,
  toggleFacet,
} from './sidebar-filters'

function facts(
  id: string,
  kind: string,
  creator: string,
  health: AnchorHealth = 'anchored',
  attributes: Record<string, unknown> = {},
  texts: string[] = [],
): AnnotationFacts {
  return annotationFacts({ id, kind, creator, attributes }, health, texts)
}

const all = [
  facts('c1', 'claim', 'Ada', 'anchored', { status: 'disputed' }, ['Sanctions  work', 'a note']),
  facts('c2', 'claim', 'Ben', 'drifted', {}, ['Trade fell']),
  facts('e1', 'evidence', 'Ada', 'anchored', {}, ['Imports fell', 'Is this right?']),
  facts('p1', 'prediction', 'Ben', 'orphaned', {}, ['Putin will visit']),
  facts('c3', 'claim', 'Ada', 'orphaned', { status: 'disputed' }, ['Relations improve']),
]

const ids = (list: AnnotationFacts[]): string[] => list.map((f) => f.id)

function withFilters(patch: Partial<SidebarFilters>): SidebarFilters {
  return { ...noFilters, ...patch }
}

describe('filterAnnotations', () => {
  it('shows every annotation with a place in the text and counts the orphans left to their tab', () => {
    const { shown, orphansElsewhere } = filterAnnotations(all, noFilters)
    expect(ids(shown)).toEqual(['c1', 'c2', 'e1'])
    expect(orphansElsewhere).toBe(2)
  })

  it('shows orphans in the list when the health filter asks for them', () => {
    const { shown, orphansElsewhere } = filterAnnotations(
      all,
      withFilters({ health: new Set(['orphaned']) }),
    )
    expect(ids(shown)).toEqual(['p1', 'c3'])
    expect(orphansElsewhere).toBe(0)
  })

  it('lets through any chosen value of a facet, and only what passes every facet', () => {
    const filters = withFilters({
      kind: new Set(['claim', 'evidence']),
      creator: new Set(['Ada']),
    })
    expect(ids(filterAnnotations(all, filters).shown)).toEqual(['c1', 'e1'])
  })

  it('filters claims by status, a claim without one under "unset", and leaves out other kinds', () => {
    expect(ids(filterAnnotations(all, withFilters({ status: new Set(['unset']) })).shown)).toEqual([
      'c2',
    ])
    expect(
      ids(filterAnnotations(all, withFilters({ status: new Set(['disputed']) })).shown),
    ).toEqual(['c1'])
  })

  it('matches the text in quotes, notes and comments, whatever the case and spacing', () => {
    expect(ids(filterAnnotations(all, withFilters({ text: 'sanctions WORK' })).shown)).toEqual([
      'c1',
    ])
    expect(ids(filterAnnotations(all, withFilters({ text: 'right?' })).shown)).toEqual(['e1'])
    expect(ids(filterAnnotations(all, withFilters({ text: 'fell' })).shown)).toEqual(['c2', 'e1'])
  })

  it('counts only the orphans that pass the other filters as left to their tab', () => {
    const { orphansElsewhere } = filterAnnotations(all, withFilters({ kind: new Set(['claim']) }))
    expect(orphansElsewhere).toBe(1)
  })
})

describe('facetCounts', () => {
  it('counts every value in total', () => {
    const { total } = facetCounts(all, noFilters)
    expect(Object.fromEntries(total.kind)).toEqual({ claim: 3, evidence: 1, prediction: 1 })
    expect(Object.fromEntries(total.creator)).toEqual({ Ada: 3, Ben: 2 })
    expect(Object.fromEntries(total.status)).toEqual({ disputed: 2, unset: 1 })
    expect(Object.fromEntries(total.health)).toEqual({ anchored: 2, drifted: 1, orphaned: 2 })
  })

  it('counts each value within the other active filters, so a count is what choosing it shows', () => {
    const { within } = facetCounts(all, withFilters({ creator: new Set(['Ada']) }))
    // Kind counts follow the creator filter (orphans stay in their own tab).
    expect(Object.fromEntries(within.kind)).toEqual({ claim: 1, evidence: 1 })
    // The creator facet's own counts ignore the creator filter.
    expect(Object.fromEntries(within.creator)).toEqual({ Ada: 2, Ben: 1 })
    // The health facet counts orphans: choosing "orphaned" would show them.
    expect(Object.fromEntries(within.health)).toEqual({ anchored: 2, orphaned: 1 })
  })

  it('counts within the search text too', () => {
    const { within } = facetCounts(all, withFilters({ text: 'fell' }))
    expect(Object.fromEntries(within.kind)).toEqual({ claim: 1, evidence: 1 })
  })
})

describe('the filter state', () => {
  it('is not filtering with no value chosen and only spaces typed', () => {
    expect(isFiltering(noFilters)).toBe(false)
    expect(isFiltering(withFilters({ text: '   ' }))).toBe(false)
    expect(isFiltering(withFilters({ text: 'x' }))).toBe(true)
  })

  it('toggles a facet value on and off without changing the filters it was given', () => {
    const on = toggleFacet(noFilters, 'kind', 'claim')
    expect([...on.kind]).toEqual(['claim'])
    expect(isFiltering(on)).toBe(true)
    expect(noFilters.kind.size).toBe(0)
    expect(toggleFacet(on, 'kind', 'claim').kind.size).toBe(0)
  })
})

describe('shownSummary', () => {
  it('says how many are shown of how many, and where the orphans are', () => {
    expect(shownSummary(3, 5, 0)).toBe('3 of 5 shown')
    expect(shownSummary(3, 5, 1)).toBe('3 of 5 shown · 1 orphan in Orphans & drift')
    expect(shownSummary(3, 5, 2)).toBe('3 of 5 shown · 2 orphans in Orphans & drift')
  })
})
