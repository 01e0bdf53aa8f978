/**
 * The controls above the annotation list: a search box (quotes, notes, comments), the order
 * (document order or grouped by kind), and under "Filters" one row of toggle buttons per facet
 * (kind, creator, claim status, anchor health), each value with its count. Below them the
 * "n of m shown" line and "Clear filters". Controls are kept between renders, so the one the
 * reader is using keeps its focus while the counts change.
 */
import {
  type FacetKey,
  facetKeys,
  isFiltering,
  noFilters,
  type SidebarFilters,
  toggleFacet,
} from './sidebar-filters'

/** How the annotation list is ordered. */
export type AnnotationOrder = 'document' | 'kind'

/** One value a facet offers, with its label and count. */
export interface FacetChoice {
  value: string
  label: string
  count: number
}

/** What the bar shows after a change. */
export interface FilterBarView {
  choices: Record<FacetKey, FacetChoice[]>
  /** The "n of m shown" line. */
  summary: string
}

/** Options of `createFilterBar`. */
export interface FilterBarOptions {
  /** Called with the new filters after every change the reader makes. */
  onFilters(filters: SidebarFilters): void
  /** Called when the reader chooses another order. */
  onOrder(order: AnnotationOrder): void
}

/** The filter bar and what the annotation list does with it. */
export interface FilterBar {
  element: HTMLElement
  filters(): SidebarFilters
  order(): AnnotationOrder
  update(view: FilterBarView): void
  /** Drops every filter (the search text too). */
  clear(): void
}

const facetLabels: Record<FacetKey, string> = {
  kind: 'Kind',
  creator: 'Creator',
  status: 'Claim status',
  health: 'Anchor',
}

function toggleButton(text: string, className: string): HTMLButtonElement {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = className
  button.textContent = text
  button.setAttribute('aria-pressed', 'false')
  return button
}

/** Builds the filter bar with no filters, in document order. */
export function createFilterBar(options: FilterBarOptions): FilterBar {
  let filters: SidebarFilters = noFilters
  let order: AnnotationOrder = 'document'
  const element = document.createElement('div')
  element.className = 'sidebar-filter-bar'

  const search = document.createElement('input')
  search.type = 'search'
  search.className = 'sidebar-search'
  search.placeholder = 'Search quotes, notes, comments'
  search.setAttribute('aria-label', 'Search annotations')
  search.addEventListener('input', () => {
    filters = { ...filters, text: search.value }
    options.onFilters(filters)
  })

  const orderGroup = document.createElement('div')
  orderGroup.className = 'sidebar-order'
  orderGroup.setAttribute('role', 'group')
  orderGroup.setAttribute('aria-label', 'Order')
  const byDocument = toggleButton('Document order', 'sidebar-order-button')
  const byKind = toggleButton('By kind', 'sidebar-order-button')
  orderGroup.append(byDocument, byKind)
  const showOrder = (): void => {
    byDocument.setAttribute('aria-pressed', String(order === 'document'))
    byKind.setAttribute('aria-pressed', String(order === 'kind'))
  }
  const setOrder = (next: AnnotationOrder): void => {
    if (next === order) return
    order = next
    showOrder()
    options.onOrder(order)
  }
  byDocument.addEventListener('click', () => setOrder('document'))
  byKind.addEventListener('click', () => setOrder('kind'))
  showOrder()

  const details = document.createElement('details')
  details.className = 'sidebar-facets'
  const summary = document.createElement('summary')
  summary.textContent = 'Filters'
  details.append(summary)
  const rows = new Map<FacetKey, HTMLElement>()
  for (const facet of facetKeys) {
    const row = document.createElement('div')
    row.className = 'sidebar-facet'
    row.setAttribute('role', 'group')
    row.setAttribute('aria-label', facetLabels[facet])
    const name = document.createElement('span')
    name.className = 'sidebar-facet-name'
    name.textContent = facetLabels[facet]
    name.setAttribute('aria-hidden', 'true')
    row.append(name)
    rows.set(facet, row)
    details.append(row)
  }

  const footer = document.createElement('div')
  footer.className = 'sidebar-shown'
  const shown = document.createElement('p')
  shown.className = 'sidebar-shown-line'
  shown.setAttribute('aria-live', 'polite')
  const clear = document.createElement('button')
  clear.type = 'button'
  clear.className = 'button-link sidebar-clear'
  clear.textContent = 'Clear filters'
  clear.addEventListener('click', () => {
    doClear()
    search.focus()
  })
  footer.append(shown, clear)
  element.append(search, orderGroup, details, footer)

  const chips = new Map<string, HTMLButtonElement>()
  const chipFor = (facet: FacetKey, value: string): HTMLButtonElement => {
    const key = `${facet}\u0000${value}`
    let chip = chips.get(key)
    if (chip === undefined) {
      chip = toggleButton('', 'sidebar-chip')
      chip.dataset.facet = facet
      chip.dataset.value = value
      chip.addEventListener('click', () => {
        filters = toggleFacet(filters, facet, value)
        options.onFilters(filters)
      })
      chips.set(key, chip)
    }
    return chip
  }

  const showChoices = (facet: FacetKey, choices: FacetChoice[]): void => {
    const row = rows.get(facet)
    if (row === undefined) return
    const wanted = choices.map((choice) => {
      const chip = chipFor(facet, choice.value)
      const label = document.createElement('span')
      label.textContent = choice.label
      const count = document.createElement('span')
      count.className = 'sidebar-chip-count'
      count.textContent = String(choice.count)
      chip.replaceChildren(label, document.createTextNode(' '), count)
      chip.setAttribute('aria-pressed', String(filters[facet].has(choice.value)))
      chip.classList.toggle('is-empty', choice.count === 0)
      return chip
    })
    const keep = new Set(wanted)
    for (const child of [...row.querySelectorAll<HTMLButtonElement>('.sidebar-chip')]) {
      if (!keep.has(child)) child.remove()
    }
    // Moves only chips out of place, so the focused one keeps its focus.
    wanted.forEach((chip, index) => {
      const at = row.children[index + 1] ?? null
      if (at !== chip) row.insertBefore(chip, at)
    })
    row.hidden = wanted.length === 0
  }

  const doClear = (): void => {
    filters = noFilters
    search.value = ''
    options.onFilters(filters)
  }

  return {
    element,
    filters: () => filters,
    order: () => order,
    update(view) {
      for (const facet of facetKeys) showChoices(facet, view.choices[facet])
      if (shown.textContent !== view.summary) shown.textContent = view.summary
      const active = facetKeys.reduce((sum, facet) => sum + filters[facet].size, 0)
      summary.textContent = active === 0 ? 'Filters' : `Filters (${active} active)`
      clear.hidden = !isFiltering(filters)
    },
    clear: doClear,
  }
}
