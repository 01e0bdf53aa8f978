/**
 * The sidebar: three tabs over one snapshot of the annotations, each with its count:
 * "Annotations" (the cards, in document order or by kind, with filters), "Predictions" (due
 * dates, outcomes, overdue ones marked, resolving) and "Orphans & drift" (annotations whose
 * text was deleted or changed, to re-anchor, keep or dismiss). Its header holds the Undo button
 * for the reader's own annotation changes. Every change, a collaborator's too, re-renders it.
 */
import './styles/sidebar.css'
import { deleteAnnotation } from '@warrant/annotations'
import type * as Y from 'yjs'
import type { CardContext } from './card'
import { createOrphansPanel } from './orphans'
import { createPredictionsPanel } from './predictions'
import { createAnnotationsPanel } from './sidebar-annotations'
import { takeSnapshot } from './sidebar-snapshot'
import { createSidebarTabs } from './sidebar-tabs'
import type { SessionUndo } from './undo'

/** Options of `createSidebar`. */
export interface SidebarOptions extends Omit<CardContext, 'remove'> {
  fragment: Y.XmlFragment
  /** The reader's undo history; the header's Undo button undoes annotation changes. */
  history: SessionUndo
}

/** The sidebar and what the page does with it. */
export interface Sidebar {
  element: HTMLElement
  /** Makes a card the current one and scrolls it into view; an open link form takes the pick. */
  select(id: string | null): void
  destroy(): void
}

/** Builds the sidebar and keeps it current with the annotations, the text and the codebook. */
export function createSidebar(options: SidebarOptions): Sidebar {
  const element = document.createElement('aside')
  element.className = 'sidebar'
  element.setAttribute('aria-label', 'Annotations')

  const context: CardContext = {
    ...options,
    remove: (id) => void deleteAnnotation(options.annotations, id, { origin: options.origin }),
  }
  // While a tab's own action re-anchors, the page's select() must not switch tabs under it.
  let holding = false
  const annotations = createAnnotationsPanel(context)
  const predictions = createPredictionsPanel({
    annotations: options.annotations,
    codebook: options.codebook,
    user: options.user,
    origin: options.origin,
    onActivate: options.onActivate,
  })
  const orphans = createOrphansPanel({
    annotations: options.annotations,
    fragment: options.fragment,
    user: options.user,
    origin: options.origin,
    onActivate: (id) => {
      holding = true
      try {
        options.onActivate(id)
      } finally {
        holding = false
      }
    },
    reanchor: (id) => {
      holding = true
      try {
        return options.reanchor(id)
      } finally {
        holding = false
      }
    },
  })
  const tabs = createSidebarTabs({
    tabs: [
      { key: 'annotations', label: 'Annotations', panel: annotations.element },
      { key: 'predictions', label: 'Predictions', panel: predictions.element },
      { key: 'orphans', label: 'Orphans & drift', panel: orphans.element },
    ],
    // A tab draws only while it is shown, so showing one renders it.
    onChange: () => render(),
  })

  const top = document.createElement('div')
  top.className = 'sidebar-top'
  const undo = document.createElement('button')
  undo.type = 'button'
  undo.className = 'button button-small button-quiet sidebar-undo'
  undo.textContent = 'Undo'
  undo.title = 'Undo your last annotation change (other readers’ changes stay)'
  undo.addEventListener('click', () => options.history.undoAnnotation())
  const tools = document.createElement('div')
  tools.className = 'sidebar-tools'
  tools.append(undo)
  top.append(tabs.element, tools)
  element.append(top, annotations.element, predictions.element, orphans.element)

  const render = (): void => {
    const snapshot = takeSnapshot(options.annotations, options.fragment, options.codebook.current())
    annotations.update(snapshot)
    tabs.setCount('annotations', snapshot.annotations.length)
    tabs.setCount('predictions', predictions.update(snapshot))
    tabs.setCount('orphans', orphans.update(snapshot))
    undo.disabled = !options.history.canUndoAnnotation()
  }

  let queued: ReturnType<typeof setTimeout> | null = null
  const schedule = (): void => {
    if (queued !== null) return
    queued = setTimeout(() => {
      queued = null
      render()
    }, 0)
  }
  options.annotations.on('update', schedule)
  options.fragment.observeDeep(schedule)
  const stopCodebook = options.codebook.subscribe(schedule)
  const stopHistory = options.history.onChange(schedule)
  // Relative times ("5 min ago") and "overdue" move on even when nothing changes.
  const clock = setInterval(schedule, 60_000)
  render()

  return {
    element,
    select(id) {
      const tab = tabs.current()
      if (id !== null) {
        // An open form takes a clicked highlight as its pick.
        if (tab === 'predictions' && predictions.pick(id)) return
        if (tab === 'annotations' && annotations.pick(id)) return
      }
      annotations.select(id)
      const inPredictions = predictions.select(id)
      const inOrphans = orphans.select(id)
      // A passage selected in the text shows its card unless the tab shown lists it.
      const listed = tab === 'predictions' ? inPredictions : tab === 'orphans' ? inOrphans : true
      if (id !== null && !holding && !listed) {
        tabs.show('annotations')
        annotations.select(id)
      }
    },
    destroy() {
      if (queued !== null) clearTimeout(queued)
      clearInterval(clock)
      stopCodebook()
      stopHistory()
      options.annotations.off('update', schedule)
      options.fragment.unobserveDeep(schedule)
    },
  }
}
