/**
 * The orders of the annotation list: document order (by where each annotation starts now, the
 * older first at the same place, orphans having no place last), and grouped by kind: one group
 * per kind in the codebook's order (kinds the codebook does not list follow, by key), each
 * keeping the document order it was given. Only kinds with annotations shown get a group.
 * No DOM here.
 */

/** Sorts annotations by where they start now (`start` null: no place, last), then by age. */
export function documentOrder<T extends { id: string; created: string }>(
  annotations: readonly T[],
  start: (id: string) => number | null,
): T[] {
  const at = (a: T): number => start(a.id) ?? Number.MAX_SAFE_INTEGER
  return [...annotations].sort((a, b) => at(a) - at(b) || a.created.localeCompare(b.created))
}

/** One kind's group of the list. */
export interface KindGroup<T> {
  kind: string
  items: T[]
}

/** Groups `items` (in document order) by kind, the groups in `kindOrder` first. */
export function groupByKind<T extends { kind: string }>(
  items: readonly T[],
  kindOrder: readonly string[],
): KindGroup<T>[] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(item.kind)
    if (group) group.push(item)
    else groups.set(item.kind, [item])
  }
  const rank = (kind: string): number => {
    const at = kindOrder.indexOf(kind)
    return at < 0 ? kindOrder.length : at
  }
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, grouped]) => ({ kind, items: grouped }))
}
