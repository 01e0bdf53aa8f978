/**
 * The sidebar: one card per annotation in document order, then the orphans (annotations whose
 * text is gone) in their own group at the end, never hidden. Its header counts the annotations
 * and holds the Undo button for the reader's own annotation changes.
 */
import {
  type Annotation,
  type Comment,
  deleteAnnotation,
  listAnnotations,
  listComments,
  listRelations,
  resolveAnchors,
} from '@warrant/annotations'
import type * as Y from 'yjs'
import { type Card, type CardContext, createCard, quoteOf } from './card'
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
  const top = document.createElement('div')
  top.className = 'sidebar-top'
  const heading = document.createElement('h2')
  heading.className = 'sidebar-heading'
  const undo = document.createElement('button')
  undo.type = 'button'
  undo.className = 'button button-small button-quiet sidebar-undo'
  undo.textContent = 'Undo'
  undo.title = 'Undo your last annotation change (other readers’ changes stay)'
  undo.addEventListener('click', () => options.history.undoAnnotation())
  top.append(heading, undo)
  const empty = document.createElement('p')
  empty.className = 'sidebar-empty'
  empty.textContent = 'Select a passage, then choose a kind to tag it.'
  const list = document.createElement('div')
  list.className = 'cards'
  const orphans = document.createElement('section')
  orphans.className = 'orphans'
  orphans.setAttribute('aria-labelledby', 'orphans-heading')
  const orphansHeading = document.createElement('h2')
  orphansHeading.className = 'sidebar-heading'
  orphansHeading.id = 'orphans-heading'
  const orphansHelp = document.createElement('p')
  orphansHelp.className = 'sidebar-empty'
  orphansHelp.textContent =
    'Their text was deleted. Select a passage in the text, then re-anchor the card to it.'
  const orphanList = document.createElement('div')
  orphanList.className = 'cards'
  orphans.append(orphansHeading, orphansHelp, orphanList)
  element.append(top, empty, list, orphans)

  const context: CardContext = {
    ...options,
    remove: (id) => void deleteAnnotation(options.annotations, id, { origin: options.origin }),
  }
  const cards = new Map<string, Card>()
  let current: string | null = null
  // A card selected before it exists (just tagged) is scrolled to once it is drawn.
  let scrollTo: string | null = null

  // Moves only cards out of place, so a focused control inside a card keeps its focus.
  const place = (parent: HTMLElement, ordered: Card[]): void => {
    ordered.forEach((card, index) => {
      if (parent.children[index] !== card.element)
        parent.insertBefore(card.element, parent.children[index] ?? null)
    })
  }

  const render = (): void => {
    const annotations = listAnnotations(options.annotations)
    const relations = listRelations(options.annotations)
    const anchors = resolveAnchors(annotations, options.fragment)
    const byId = new Map(annotations.map((a) => [a.id, a]))
    const comments = new Map<string, Comment[]>()
    for (const comment of listComments(options.annotations)) {
      comments.set(comment.annotation, [...(comments.get(comment.annotation) ?? []), comment])
    }
    const choices = annotations.map((a) => ({
      id: a.id,
      kind: a.kind,
      quote: quoteOf(a, anchors.get(a.id)),
    }))
    const position = (a: Annotation): number =>
      anchors.get(a.id)?.span?.start ?? Number.MAX_SAFE_INTEGER
    const ordered = [...annotations].sort(
      (a, b) => position(a) - position(b) || a.created.localeCompare(b.created),
    )
    const orphaned = (a: Annotation): boolean => anchors.get(a.id)?.health === 'orphaned'

    heading.textContent = `Annotations (${annotations.length})`
    empty.hidden = annotations.length > 0
    undo.disabled = !options.history.canUndoAnnotation()

    for (const [id, card] of cards) {
      if (byId.get(id)?.kind !== card.element.dataset.kind) {
        card.element.remove()
        cards.delete(id)
      }
    }
    const placed: Card[] = []
    const lost: Card[] = []
    for (const annotation of ordered) {
      let card = cards.get(annotation.id)
      if (card === undefined) {
        card = createCard(context, annotation)
        card.element.classList.toggle('is-current', annotation.id === current)
        cards.set(annotation.id, card)
      }
      card.update({
        annotation,
        anchor: anchors.get(annotation.id),
        relations,
        byId,
        anchors,
        comments: comments.get(annotation.id) ?? [],
        choices,
      })
      ;(orphaned(annotation) ? lost : placed).push(card)
    }
    place(list, placed)
    place(orphanList, lost)
    orphansHeading.textContent = `Orphans (${lost.length})`
    orphans.hidden = lost.length === 0
    if (scrollTo !== null && cards.has(scrollTo)) {
      cards.get(scrollTo)?.element.scrollIntoView({ block: 'nearest' })
      scrollTo = null
    }
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
  // Relative times ("5 min ago") move on even when nothing changes.
  const clock = setInterval(schedule, 60_000)
  render()

  return {
    element,
    select(id) {
      if (id !== null) {
        for (const card of cards.values()) if (card.pick(id)) return
      }
      current = id
      for (const [cardId, card] of cards) card.element.classList.toggle('is-current', cardId === id)
      const card = id === null ? undefined : cards.get(id)?.element
      if (card) card.scrollIntoView({ block: 'nearest' })
      else scrollTo = id
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
