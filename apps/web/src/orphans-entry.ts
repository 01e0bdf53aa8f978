/**
 * One entry of the "Orphans & drift" tab: the annotation's kind, its health, its original quote
 * and, when drifted, the text as it reads now (which goes to the passage). An orphan offers
 * "Re-anchor to selection" and "Dismiss", which asks first, inside the entry, and says that undo
 * brings it back; a drifted annotation offers "Keep at the new text" and "Re-anchor to
 * selection". A refusal is shown as text in the entry.
 */
import type { Annotation, ResolvedAnchor } from '@warrant/annotations'
import { button } from './form-controls'

/** What an entry's buttons do; each returns why it could not, or null. */
export interface OrphanActions {
  reanchor(id: string, quote: string): string | null
  keep(id: string, quote: string, anchor: ResolvedAnchor | undefined): string | null
  dismiss(id: string, quote: string): void
}

/** Options of `createOrphanEntry`. */
export interface OrphanEntryOptions {
  id: string
  /** Goes to an annotation's passage. */
  onActivate(id: string): void
  act: OrphanActions
}

/** What an entry shows, as of the latest change. */
export interface OrphanEntryData {
  annotation: Annotation
  anchor: ResolvedAnchor | undefined
  /** The kind's label and colour. */
  kind: string
  colour: string
  current: boolean
}

/** An entry and what the tab does with it. */
export interface OrphanEntry {
  element: HTMLElement
  update(data: OrphanEntryData): void
}

function quoteBlock(label: string, text: string, className: string): HTMLElement {
  const block = document.createElement('p')
  block.className = className
  const name = document.createElement('span')
  name.className = 'orphan-label'
  name.textContent = label
  const quote = document.createElement('q')
  quote.textContent = text
  block.append(name, quote)
  return block
}

/** Builds the entry of annotation `options.id`. */
export function createOrphanEntry(options: OrphanEntryOptions): OrphanEntry {
  const element = document.createElement('article')
  element.className = 'orphan'
  element.dataset.annotationId = options.id
  const body = document.createElement('div')
  const actions = document.createElement('div')
  actions.className = 'orphan-actions'
  const reanchor = button('Re-anchor to selection', 'button button-small orphan-reanchor')
  const keep = button('Keep at the new text', 'button button-small orphan-keep')
  const dismiss = button('Dismiss', 'button button-small button-quiet orphan-dismiss')
  // Keep the text's selection when the mouse presses the re-anchor button.
  reanchor.addEventListener('mousedown', (event) => event.preventDefault())
  actions.append(keep, reanchor, dismiss)
  const confirm = document.createElement('div')
  confirm.className = 'orphan-confirm'
  confirm.setAttribute('role', 'group')
  confirm.setAttribute('aria-label', 'Confirm dismissal')
  confirm.hidden = true
  const question = document.createElement('span')
  question.textContent =
    'Delete this orphan with its relations and discussion? Undo (Ctrl+Z, or Undo above) brings it back.'
  const yes = button('Yes, dismiss', 'button button-small button-danger')
  const no = button('Keep it', 'button button-small button-quiet')
  confirm.append(question, yes, no)
  const message = document.createElement('p')
  message.className = 'link-message'
  message.setAttribute('role', 'alert')
  element.append(body, actions, confirm, message)

  let data: OrphanEntryData | null = null
  const quote = (): string => data?.annotation.anchor.exact ?? ''
  const showActions = (): void => {
    actions.hidden = false
    confirm.hidden = true
  }

  reanchor.addEventListener('click', () => {
    message.textContent = options.act.reanchor(options.id, quote()) ?? ''
  })
  keep.addEventListener('click', () => {
    message.textContent = options.act.keep(options.id, quote(), data?.anchor) ?? ''
  })
  dismiss.addEventListener('click', () => {
    actions.hidden = true
    confirm.hidden = false
    message.textContent = ''
    no.focus()
  })
  no.addEventListener('click', () => {
    showActions()
    dismiss.focus()
  })
  confirm.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      showActions()
      dismiss.focus()
    }
  })
  yes.addEventListener('click', () => options.act.dismiss(options.id, quote()))

  return {
    element,
    update(next) {
      data = next
      const { annotation: a, anchor } = next
      const health = anchor?.health ?? 'orphaned'
      element.dataset.health = health
      element.dataset.kind = a.kind
      element.classList.toggle('is-current', next.current)
      element.style.setProperty('--kind', next.colour)
      const head = document.createElement('div')
      head.className = 'card-header'
      const kind = document.createElement('span')
      kind.className = 'card-kind'
      kind.textContent = next.kind
      const badge = document.createElement('span')
      badge.className = `card-health health-${health}`
      badge.textContent = health
      head.append(kind, badge)
      const parts: HTMLElement[] = [
        head,
        quoteBlock('Original quote: ', a.anchor.exact, 'orphan-original'),
      ]
      if (health === 'drifted' && anchor) {
        const now = document.createElement('button')
        now.type = 'button'
        now.className = 'card-quote orphan-now'
        const label = document.createElement('span')
        label.className = 'orphan-label'
        label.textContent = 'Now reads: '
        const text = document.createElement('q')
        text.textContent = anchor.text
        now.append(label, text)
        now.addEventListener('click', () => options.onActivate(a.id))
        parts.push(now)
      }
      const meta = document.createElement('p')
      meta.className = 'card-meta'
      meta.textContent = a.note === '' ? a.creator : `${a.creator} · ${a.note}`
      parts.push(meta)
      body.replaceChildren(...parts)
      keep.hidden = health !== 'drifted'
      dismiss.hidden = health !== 'orphaned'
      if (health !== 'orphaned' && !confirm.hidden) showActions()
    },
  }
}
