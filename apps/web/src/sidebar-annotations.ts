/**
 * The "Annotations" tab: one card per annotation, in document order or grouped by kind, under
 * the filter bar. A card is built the first time it is shown and kept after, so filtering and
 * regrouping move cards rather than rebuild them, and only cards out of place move: an open
 * form or a focused control inside a visible card keeps its input and its focus.
 */
import { attributeSchemas } from '@warrant/annotations'
import { type Card, type CardContext, createCard, quoteOf } from './card'
import { kindLabel } from './kinds'
import { placeChildren, showCurrent } from './placement'
import { type AnnotationOrder, createFilterBar, type FacetChoice } from './sidebar-filter-bar'
import {
  type AnnotationFacts,
  annotationFacts,
  type FacetKey,
  facetCounts,
  facetKeys,
  filterAnnotations,
  isFiltering,
  noStatus,
  shownSummary,
} from './sidebar-filters'
import { groupByKind } from './sidebar-order'
import type { SidebarSnapshot } from './sidebar-snapshot'

/** The annotation list and what the sidebar does with it. */
export interface AnnotationsPanel {
  element: HTMLElement
  /** Redraws the cards and the counts from a new snapshot (only while the tab is shown). */
  update(snapshot: SidebarSnapshot): void
  /** Marks card `id` current and scrolls it into view (once it is drawn, if it is not yet). */
  select(id: string | null): void
  /** Offers `id` to an open link form; false when no card takes it. */
  pick(id: string): boolean
}

const statusOrder: readonly string[] = [
  ...attributeSchemas.claim.shape.status.unwrap().options,
  noStatus,
]
const healthOrder: readonly string[] = ['anchored', 'drifted', 'orphaned']

/** A kind's group: its heading with the count, and its cards. */
interface GroupSection {
  element: HTMLElement
  heading: HTMLElement
  list: HTMLElement
}

function groupSection(kind: string): GroupSection {
  const element = document.createElement('section')
  element.className = 'sidebar-group'
  element.dataset.kind = kind
  const heading = document.createElement('h3')
  heading.className = 'sidebar-group-heading'
  const list = document.createElement('div')
  list.className = 'cards'
  element.append(heading, list)
  return { element, heading, list }
}

/** Builds the Annotations tab over the card context of the sidebar. */
export function createAnnotationsPanel(context: CardContext): AnnotationsPanel {
  const element = document.createElement('section')
  element.className = 'sidebar-annotations'
  const bar = createFilterBar({ onFilters: () => layout(), onOrder: () => layout() })
  const empty = document.createElement('p')
  empty.className = 'sidebar-empty'
  const flat = document.createElement('div')
  flat.className = 'cards'
  const grouped = document.createElement('div')
  grouped.className = 'sidebar-groups'
  element.append(bar.element, empty, flat, grouped)

  const cards = new Map<string, Card>()
  const groups = new Map<string, GroupSection>()
  let snapshot: SidebarSnapshot | null = null
  let facts: AnnotationFacts[] = []
  let current: string | null = null
  // A card selected before it is drawn (just tagged) is scrolled to once it is.
  let scrollTo: string | null = null

  const dataOf = (id: string, at: SidebarSnapshot) => {
    const annotation = at.byId.get(id)
    if (annotation === undefined) return null
    return {
      annotation,
      anchor: at.anchors.get(id),
      relations: at.relations,
      byId: at.byId,
      anchors: at.anchors,
      comments: at.comments.get(id) ?? [],
      choices: at.choices,
    }
  }

  const cardOf = (id: string, at: SidebarSnapshot): Card | null => {
    const existing = cards.get(id)
    if (existing) return existing
    const data = dataOf(id, at)
    if (data === null) return null
    const card = createCard(context, data.annotation)
    card.element.classList.toggle('is-current', id === current)
    card.update(data)
    cards.set(id, card)
    return card
  }

  const choicesOf = (
    facet: FacetKey,
    within: Map<string, number>,
    total: Map<string, number>,
    at: SidebarSnapshot,
  ): FacetChoice[] => {
    const values = new Set([...total.keys(), ...bar.filters()[facet]])
    const kinds = at.codebook.kinds.map((kind) => kind.key)
    const rank = (value: string): number => {
      const order = facet === 'kind' ? kinds : facet === 'status' ? statusOrder : healthOrder
      const found = order.indexOf(value)
      return facet === 'creator' || found < 0 ? order.length : found
    }
    const label = (value: string): string => {
      if (facet === 'kind') return kindLabel(at.codebook, value)
      if (facet === 'status' && value === noStatus) return 'no status'
      return value
    }
    return [...values]
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .map((value) => ({ value, label: label(value), count: within.get(value) ?? 0 }))
  }

  const layout = (): void => {
    const at = snapshot
    if (at === null || element.hidden) return
    const filters = bar.filters()
    const { shown, orphansElsewhere } = filterAnnotations(facts, filters)
    const { within, total } = facetCounts(facts, filters)
    const choices = Object.fromEntries(
      facetKeys.map((facet) => [facet, choicesOf(facet, within[facet], total[facet], at)]),
    ) as Record<FacetKey, FacetChoice[]>
    let summary = shownSummary(shown.length, facts.length, orphansElsewhere)
    if (current !== null && at.byId.has(current) && !shown.some((f) => f.id === current)) {
      summary += ' · the selected annotation is hidden by the filters'
    }
    bar.update({ choices, summary })
    bar.element.hidden = facts.length === 0
    empty.hidden = shown.length > 0
    empty.textContent =
      facts.length === 0
        ? 'Select a passage, then choose a kind to tag it.'
        : isFiltering(filters)
          ? 'No annotation matches these filters.'
          : 'Every annotation here has lost its text: see Orphans & drift.'

    const order: AnnotationOrder = bar.order()
    flat.hidden = order !== 'document'
    grouped.hidden = order !== 'kind'
    const elementsOf = (list: readonly AnnotationFacts[]): HTMLElement[] =>
      list.flatMap((f) => cardOf(f.id, at)?.element ?? [])
    if (order === 'document') {
      // Filtering keeps the order, so a card that stays is never moved.
      placeChildren(flat, elementsOf(shown))
      for (const group of groups.values()) group.list.replaceChildren()
      grouped.replaceChildren()
    } else {
      const kindOrder = at.codebook.kinds.map((kind) => kind.key)
      const sections = groupByKind(shown, kindOrder).map(({ kind, items }) => {
        let group = groups.get(kind)
        if (group === undefined) {
          group = groupSection(kind)
          groups.set(kind, group)
        }
        const text = `${kindLabel(at.codebook, kind)} (${items.length})`
        if (group.heading.textContent !== text) group.heading.textContent = text
        placeChildren(group.list, elementsOf(items))
        return group.element
      })
      placeChildren(grouped, sections)
      flat.replaceChildren()
    }
    if (scrollTo !== null && cards.get(scrollTo)?.element.isConnected) {
      cards.get(scrollTo)?.element.scrollIntoView({ block: 'nearest' })
      scrollTo = null
    }
  }

  return {
    element,
    update(next) {
      snapshot = next
      // Showing the tab renders again; hidden, thousands of cards need no work.
      if (element.hidden) return
      for (const [id, card] of cards) {
        if (next.byId.get(id)?.kind !== card.element.dataset.kind) {
          card.element.remove()
          cards.delete(id)
          continue
        }
        const data = dataOf(id, next)
        if (data) card.update(data)
      }
      facts = next.annotations.map((annotation) => {
        const anchor = next.anchors.get(annotation.id)
        const texts = [
          quoteOf(annotation, anchor),
          annotation.anchor.exact,
          annotation.note,
          ...(next.comments.get(annotation.id) ?? []).map((comment) => comment.text),
        ]
        return annotationFacts(annotation, anchor?.health ?? 'orphaned', texts)
      })
      layout()
    },
    select(id) {
      current = id
      showCurrent(cards, id)
      // Just tagged: its card comes with the next snapshot.
      scrollTo = id !== null && snapshot?.byId.has(id) !== true ? id : null
      layout()
    },
    pick(id) {
      for (const card of cards.values()) if (card.pick(id)) return true
      return false
    },
  }
}
