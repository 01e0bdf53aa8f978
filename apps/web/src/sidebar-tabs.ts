/**
 * The sidebar's tabs ("Annotations", "Predictions", "Orphans & drift"), each with the count of
 * what it lists, built as an ARIA tablist: one tab in the Tab order, the arrow keys (and Home,
 * End) move between tabs and show each at once, and every panel is labelled by its tab.
 */

/** One tab and the panel it shows. */
export interface SidebarTabSpec<K extends string> {
  key: K
  label: string
  panel: HTMLElement
}

/** Options of `createSidebarTabs`. */
export interface SidebarTabsOptions<K extends string> {
  tabs: ReadonlyArray<SidebarTabSpec<K>>
  /** Called after the reader (or the page) shows another tab. */
  onChange?(key: K): void
}

/** The tablist and what the sidebar does with it. */
export interface SidebarTabs<K extends string> {
  /** The tablist element. */
  element: HTMLElement
  /** The key of the tab shown. */
  current(): K
  /** Shows the tab `key`; `focus` moves the keyboard focus onto its tab too. */
  show(key: K, focus?: boolean): void
  /** Sets the count a tab shows after its label. */
  setCount(key: K, count: number): void
}

let instances = 0

/** Builds the tablist over the given panels; the first tab is shown. */
export function createSidebarTabs<K extends string>(
  options: SidebarTabsOptions<K>,
): SidebarTabs<K> {
  instances += 1
  const prefix = `sidebar-${instances}`
  const element = document.createElement('div')
  element.className = 'sidebar-tabs'
  element.setAttribute('role', 'tablist')
  element.setAttribute('aria-label', 'Sidebar views')
  const first = options.tabs[0]
  if (first === undefined) throw new Error('a tablist needs a tab')
  let shown: K = first.key
  const tabs = new Map<K, { tab: HTMLButtonElement; count: HTMLElement; panel: HTMLElement }>()

  for (const spec of options.tabs) {
    const tab = document.createElement('button')
    tab.type = 'button'
    tab.className = 'sidebar-tab sidebar-heading'
    tab.id = `${prefix}-tab-${spec.key}`
    tab.dataset.tab = spec.key
    tab.setAttribute('role', 'tab')
    tab.setAttribute('aria-controls', `${prefix}-panel-${spec.key}`)
    const label = document.createElement('span')
    label.className = 'sidebar-tab-label'
    label.textContent = spec.label
    const count = document.createElement('span')
    count.className = 'sidebar-tab-count'
    count.textContent = '(0)'
    // The space keeps the tab's text "Annotations (3)" for screen readers and searches.
    tab.append(label, document.createTextNode(' '), count)
    tab.addEventListener('click', () => show(spec.key))
    spec.panel.id = `${prefix}-panel-${spec.key}`
    spec.panel.setAttribute('role', 'tabpanel')
    spec.panel.setAttribute('aria-labelledby', tab.id)
    spec.panel.classList.add('sidebar-panel')
    tabs.set(spec.key, { tab, count, panel: spec.panel })
    element.append(tab)
  }

  const show = (key: K, focus = false): void => {
    const changed = key !== shown
    shown = key
    for (const [tabKey, { tab, panel }] of tabs) {
      const selected = tabKey === key
      tab.setAttribute('aria-selected', String(selected))
      tab.tabIndex = selected ? 0 : -1
      tab.classList.toggle('is-selected', selected)
      panel.hidden = !selected
    }
    if (focus) tabs.get(key)?.tab.focus()
    if (changed) options.onChange?.(key)
  }

  element.addEventListener('keydown', (event) => {
    const keys = options.tabs.map((spec) => spec.key)
    const at = keys.indexOf(shown)
    const next: Record<string, number> = {
      ArrowRight: (at + 1) % keys.length,
      ArrowLeft: (at - 1 + keys.length) % keys.length,
      Home: 0,
      End: keys.length - 1,
    }
    const to = next[event.key]
    const key = to === undefined ? undefined : keys[to]
    if (key === undefined) return
    event.preventDefault()
    show(key, true)
  })

  show(shown)
  return {
    element,
    current: () => shown,
    show,
    setCount(key, count) {
      const entry = tabs.get(key)
      const text = `(${count})`
      if (entry && entry.count.textContent !== text) entry.count.textContent = text
    },
  }
}
