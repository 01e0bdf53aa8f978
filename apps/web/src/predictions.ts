/**
 * The "Predictions" tab: every prediction with its quote, due date and outcome, soonest due
 * first and those without a date last. One due before today without an outcome is marked, in
 * words too ("overdue"). Each lists the evidence that resolves it and offers a form to resolve
 * it. Entries are kept between renders, so an open form keeps what the reader typed.
 */
import { type Annotation, relationTargets } from '@warrant/annotations'
import type * as Y from 'yjs'
import type { LiveCodebook } from './codebook'
import { kindColour, shortQuote } from './kinds'
import { placeChildren, showCurrent } from './placement'
import { byDueDate, isOverdue, predictionDue, predictionsSummary } from './predictions-due'
import { createPredictionResolve, type PredictionResolve } from './predictions-resolve'
import { type SidebarSnapshot, snapshotQuote } from './sidebar-snapshot'

/** Options of `createPredictionsPanel`. */
export interface PredictionsPanelOptions {
  annotations: Y.Doc
  codebook: LiveCodebook
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
  /** Goes to an annotation's passage. */
  onActivate(id: string): void
}

/** The predictions tab and what the sidebar does with it. */
export interface PredictionsPanel {
  element: HTMLElement
  /** Redraws from a new snapshot (only while shown); returns the number of predictions. */
  update(snapshot: SidebarSnapshot): number
  /** Marks prediction `id` current and scrolls it into view; false when it is not listed. */
  select(id: string | null): boolean
  /** Offers `id` to an open resolve form as its evidence; false when none takes it. */
  pick(id: string): boolean
}

/** The kind a prediction has: the one `resolves` relations point to. */
const predictionKind = relationTargets.resolves ?? 'prediction'

interface PredictionEntry {
  element: HTMLElement
  body: HTMLElement
  resolveButton: HTMLButtonElement
  form: PredictionResolve
}

/** Builds the predictions tab. */
export function createPredictionsPanel(options: PredictionsPanelOptions): PredictionsPanel {
  const element = document.createElement('section')
  element.className = 'sidebar-predictions'
  const summary = document.createElement('p')
  summary.className = 'sidebar-shown-line'
  const status = document.createElement('p')
  status.className = 'sidebar-message'
  status.setAttribute('role', 'status')
  const empty = document.createElement('p')
  empty.className = 'sidebar-empty'
  empty.textContent = 'No predictions yet. Tag a statement about the future as a Prediction.'
  const list = document.createElement('div')
  list.className = 'prediction-list'
  element.append(summary, status, empty, list)

  const entries = new Map<string, PredictionEntry>()
  let listedIds = new Set<string>()
  let current: string | null = null

  const entryOf = (id: string): PredictionEntry => {
    const existing = entries.get(id)
    if (existing) return existing
    const item = document.createElement('article')
    item.className = 'prediction'
    item.dataset.annotationId = id
    const body = document.createElement('div')
    const actions = document.createElement('div')
    actions.className = 'prediction-actions'
    const resolveButton = document.createElement('button')
    resolveButton.type = 'button'
    resolveButton.className = 'button button-small'
    actions.append(resolveButton)
    const form = createPredictionResolve({
      annotations: options.annotations,
      codebook: options.codebook,
      user: options.user,
      origin: options.origin,
      prediction: id,
      onResolved: (text) => {
        status.textContent = text
      },
      onClose: () => {
        actions.hidden = false
        if (item.contains(document.activeElement) || document.activeElement === document.body)
          resolveButton.focus()
      },
    })
    resolveButton.addEventListener('click', () => {
      actions.hidden = true
      form.open()
    })
    item.append(body, actions, form.element)
    const entry = { element: item, body, resolveButton, form }
    entries.set(id, entry)
    return entry
  }

  const fill = (entry: PredictionEntry, a: Annotation, at: SidebarSnapshot): void => {
    const due = predictionDue(a.id, a.attributes)
    const overdue = isOverdue(due, at.today)
    entry.element.classList.toggle('is-overdue', overdue)
    entry.element.classList.toggle('is-current', a.id === current)
    entry.element.style.setProperty('--kind', kindColour(at.codebook, a.kind))
    const head = document.createElement('p')
    head.className = 'prediction-head'
    const date = document.createElement('span')
    date.className = 'prediction-due'
    date.textContent = due.due === null ? 'No due date' : `Due ${due.due}`
    head.append(date)
    if (overdue) {
      const mark = document.createElement('span')
      mark.className = 'prediction-overdue'
      mark.textContent = 'overdue'
      head.append(mark)
    }
    const outcome = document.createElement('span')
    outcome.className = 'prediction-outcome'
    outcome.textContent = due.outcome === null ? 'No outcome yet' : `Outcome: ${due.outcome}`
    head.append(outcome)
    const quote = document.createElement('button')
    quote.type = 'button'
    quote.className = 'card-quote prediction-quote'
    const text = snapshotQuote(at, a.id)
    quote.textContent = text
    quote.setAttribute('aria-label', `Go to passage: ${shortQuote(text, 60)}`)
    quote.addEventListener('click', () => options.onActivate(a.id))
    const parts: HTMLElement[] = [head, quote]
    const settled = at.relations.filter((r) => r.type === 'resolves' && r.to === a.id)
    if (settled.length > 0) {
      const evidence = document.createElement('ul')
      evidence.className = 'card-relations prediction-evidence'
      evidence.setAttribute('aria-label', 'Evidence that resolves it')
      for (const relation of settled) {
        const line = document.createElement('li')
        const go = document.createElement('button')
        go.type = 'button'
        go.className = 'relation'
        go.textContent = `resolved by: “${shortQuote(snapshotQuote(at, relation.from), 70)}”`
        go.addEventListener('click', () => options.onActivate(relation.from))
        line.append(go)
        evidence.append(line)
      }
      parts.push(evidence)
    }
    if (typeof a.attributes.resolution === 'string' && a.attributes.resolution !== '') {
      const note = document.createElement('p')
      note.className = 'card-meta'
      note.textContent = `Resolution: ${a.attributes.resolution}`
      parts.push(note)
    }
    entry.body.replaceChildren(...parts)
    entry.resolveButton.textContent = due.outcome === null ? 'Resolve…' : 'Change outcome…'
    entry.form.update(at)
  }

  return {
    element,
    update(at) {
      const predictions = at.annotations.filter((a) => a.kind === predictionKind)
      const sorted = byDueDate(
        predictions.map((a) => ({ ...predictionDue(a.id, a.attributes), a })),
      )
      listedIds = new Set(sorted.map(({ a }) => a.id))
      const overdue = sorted.filter((p) => isOverdue(p, at.today)).length
      summary.textContent = predictionsSummary(sorted.length, overdue)
      summary.hidden = sorted.length === 0
      empty.hidden = sorted.length > 0
      // Drawn only while the tab is shown (showing it renders again); the count is always kept.
      if (element.hidden) return sorted.length
      for (const [id, entry] of entries) {
        if (listedIds.has(id)) continue
        entry.element.remove()
        entries.delete(id)
      }
      const placed = sorted.map(({ a }) => {
        const entry = entryOf(a.id)
        fill(entry, a, at)
        return entry.element
      })
      placeChildren(list, placed)
      return sorted.length
    },
    select(id) {
      current = id
      showCurrent(entries, id)
      return id !== null && listedIds.has(id)
    },
    pick(id) {
      for (const entry of entries.values()) if (entry.form.pick(id)) return true
      return false
    },
  }
}
