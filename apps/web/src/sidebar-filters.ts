/**
 * The filters of the sidebar's annotation list, as plain data: by kind, creator, claim status,
 * anchor health and free text (quote, original quote, note and comments), with the count of
 * each filter value within the other active filters. An orphan has no place in the text, so
 * the list leaves orphans to the "Orphans & drift" tab unless the health filter asks for them;
 * `filterAnnotations` says how many it left there. No DOM here.
 */
import type { AnchorHealth } from '@warrant/annotations'

/** The facets a reader filters the annotation list by. */
export const facetKeys = ['kind', 'creator', 'status', 'health'] as const

/** One of `facetKeys`. */
export type FacetKey = (typeof facetKeys)[number]

/** The value of the status facet for a claim without a status. */
export const noStatus = 'unset'

/** What the filters read of one annotation. */
export interface AnnotationFacts {
  id: string
  kind: string
  creator: string
  /** A claim's status (`noStatus` when it has none); null for every other kind. */
  status: string | null
  health: AnchorHealth
  /** Everything the text filter searches, lower-cased with whitespace collapsed. */
  text: string
}

/** The active filters: the chosen values of each facet (none chosen: any) and the search text. */
export interface SidebarFilters {
  kind: ReadonlySet<string>
  creator: ReadonlySet<string>
  status: ReadonlySet<string>
  health: ReadonlySet<string>
  text: string
}

/** The filters that show every annotation with a place in the text. */
export const noFilters: SidebarFilters = {
  kind: new Set(),
  creator: new Set(),
  status: new Set(),
  health: new Set(),
  text: '',
}

/** Text made comparable: lower case, runs of whitespace as one space, trimmed. */
export function searchable(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase()
}

/** Whether any filter is active (a facet value chosen or search text typed). */
export function isFiltering(filters: SidebarFilters): boolean {
  return facetKeys.some((facet) => filters[facet].size > 0) || searchable(filters.text) !== ''
}

/** The facts of an annotation: its searchable text joins the quotes, note and comments given. */
export function annotationFacts(
  annotation: { id: string; kind: string; creator: string; attributes: Record<string, unknown> },
  health: AnchorHealth,
  texts: readonly string[],
): AnnotationFacts {
  const status = annotation.attributes.status
  return {
    id: annotation.id,
    kind: annotation.kind,
    creator: annotation.creator,
    status: annotation.kind === 'claim' ? (typeof status === 'string' ? status : noStatus) : null,
    health,
    text: searchable(texts.join('\n')),
  }
}

/** The value `facts` has for `facet` (null: it has none, as a non-claim has no status). */
export function facetValue(facts: AnnotationFacts, facet: FacetKey): string | null {
  return facts[facet]
}

function matchesFacet(facts: AnnotationFacts, filters: SidebarFilters, facet: FacetKey): boolean {
  const chosen = filters[facet]
  // Orphans are listed in their own tab unless the reader asks for them here.
  if (facet === 'health' && chosen.size === 0) return facts.health !== 'orphaned'
  if (chosen.size === 0) return true
  const value = facetValue(facts, facet)
  return value !== null && chosen.has(value)
}

/** Whether `facts` passes the filters, leaving facet `except` out when it is given. */
export function matchesFilters(
  facts: AnnotationFacts,
  filters: SidebarFilters,
  except?: FacetKey,
): boolean {
  const text = searchable(filters.text)
  if (text !== '' && !facts.text.includes(text)) return false
  return facetKeys.every((facet) => facet === except || matchesFacet(facts, filters, facet))
}

/** The count of each value of each facet among the annotations passing the other filters. */
export type FacetCounts = Record<FacetKey, Map<string, number>>

/**
 * Counts each facet's values: `within` counts only the annotations that pass every other active
 * filter (the number a reader gets by choosing that value), `total` counts them all.
 */
export function facetCounts(
  all: readonly AnnotationFacts[],
  filters: SidebarFilters,
): { within: FacetCounts; total: FacetCounts } {
  const fresh = (): FacetCounts => ({
    kind: new Map(),
    creator: new Map(),
    status: new Map(),
    health: new Map(),
  })
  const within = fresh()
  const total = fresh()
  const add = (counts: FacetCounts, facet: FacetKey, value: string): void => {
    counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1)
  }
  for (const facts of all) {
    for (const facet of facetKeys) {
      const value = facetValue(facts, facet)
      if (value === null) continue
      add(total, facet, value)
      if (matchesFilters(facts, filters, facet)) add(within, facet, value)
    }
  }
  return { within, total }
}

/** What the list shows under the filters, and how many orphans it leaves to their own tab. */
export interface FilteredAnnotations {
  shown: AnnotationFacts[]
  /** Orphans passing every other filter that the list leaves out (the health filter is unset). */
  orphansElsewhere: number
}

/** The annotations passing the filters, in the order given. */
export function filterAnnotations(
  all: readonly AnnotationFacts[],
  filters: SidebarFilters,
): FilteredAnnotations {
  const shown: AnnotationFacts[] = []
  let orphansElsewhere = 0
  for (const facts of all) {
    if (matchesFilters(facts, filters)) shown.push(facts)
    else if (
      filters.health.size === 0 &&
      facts.health === 'orphaned' &&
      matchesFilters(facts, filters, 'health')
    ) {
      orphansElsewhere += 1
    }
  }
  return { shown, orphansElsewhere }
}

/** The filters with `value` of `facet` chosen or, when it was chosen, no longer. */
export function toggleFacet(
  filters: SidebarFilters,
  facet: FacetKey,
  value: string,
): SidebarFilters {
  const chosen = new Set(filters[facet])
  if (chosen.has(value)) chosen.delete(value)
  else chosen.add(value)
  return { ...filters, [facet]: chosen }
}

/** The line under the filters: "4 of 6 shown", and where the orphans left out are. */
export function shownSummary(shown: number, total: number, orphansElsewhere: number): string {
  const line = `${shown} of ${total} shown`
  if (orphansElsewhere === 0) return line
  const orphans = orphansElsewhere === 1 ? '1 orphan' : `${orphansElsewhere} orphans`
  return `${line} · ${orphans} in Orphans & drift`
}
