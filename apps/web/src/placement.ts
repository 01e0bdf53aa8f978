/**
 * Keeping a live list in order without redrawing it. The sidebar's lists re-render on every
 * change, anyone's; moving an element out of the DOM and back takes the focus away from a
 * control inside it, so a reader typing in a card would lose their place. Only what is out of
 * place moves, and marking the current entry touches classes and scroll only.
 */

/** Puts `children` into `parent` in this order: drops the others, then moves only what is out of place. */
export function placeChildren(parent: HTMLElement, children: readonly HTMLElement[]): void {
  const wanted = new Set<Element>(children)
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove()
  children.forEach((child, index) => {
    if (parent.children[index] !== child) parent.insertBefore(child, parent.children[index] ?? null)
  })
}

/** Marks the entry of `id` (none for null) as current, the others not, and scrolls it into view. */
export function showCurrent(
  entries: ReadonlyMap<string, { element: HTMLElement }>,
  id: string | null,
): void {
  for (const [entryId, entry] of entries) {
    entry.element.classList.toggle('is-current', entryId === id)
  }
  const element = id === null ? undefined : entries.get(id)?.element
  if (element?.isConnected) element.scrollIntoView({ block: 'nearest' })
}
