/**
 * The sidebar: one card per annotation in document order, with its kind, quote, creator,
 * anchor health when it is not anchored, and its relations in both directions. A card's
 * quote leads to its passage; evidence cards carry the linking controls.
 */
import {
  type Annotation,
  type Codebook,
  listAnnotations,
  listRelations,
  type Relation,
  type ResolvedAnchor,
  resolveAnchors,
} from '@warrant/annotations'
import type * as Y from 'yjs'
import { kindColour, kindLabel, shortQuote } from './kinds'
import { createLinkControls, type LinkControls } from './linking'

/** Options of `createSidebar`. */
export interface SidebarOptions {
  annotations: Y.Doc
  fragment: Y.XmlFragment
  codebook: Codebook
  creator(): string
  /** Called when the reader asks to go to an annotation's passage. */
  onActivate(id: string): void
}

/** The sidebar and what the page does with it. */
export interface Sidebar {
  element: HTMLElement
  /** Makes a card the current one and scrolls it into view; a claim fills an open link form. */
  select(id: string | null): void
  destroy(): void
}

// Kinds whose cards can be linked to claims as supporting or contradicting them.
const linkingKinds = new Set(['evidence', 'statistic'])

const inverse: Record<Relation['type'], string> = {
  supports: 'supported by',
  contradicts: 'contradicted by',
}

interface CardParts {
  card: HTMLElement
  body: HTMLElement
  linking: LinkControls | null
}

function quoteOf(annotation: Annotation, anchor: ResolvedAnchor | undefined): string {
  return anchor?.span ? anchor.text : annotation.anchor.exact
}

/** Builds the sidebar and keeps it current with the annotations and the text. */
export function createSidebar(options: SidebarOptions): Sidebar {
  const element = document.createElement('aside')
  element.className = 'sidebar'
  element.setAttribute('aria-label', 'Annotations')
  const heading = document.createElement('h2')
  heading.className = 'sidebar-heading'
  const empty = document.createElement('p')
  empty.className = 'sidebar-empty'
  empty.textContent = 'Select a passage, then choose a kind to tag it.'
  const list = document.createElement('div')
  list.className = 'cards'
  element.append(heading, empty, list)

  const cards = new Map<string, CardParts>()
  let current: string | null = null
  // A card selected before it exists (just tagged) is scrolled to once it is drawn.
  let scrollTo: string | null = null

  const relationLine = (text: string, targetId: string): HTMLElement => {
    const item = document.createElement('li')
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'relation'
    button.textContent = text
    button.addEventListener('click', () => options.onActivate(targetId))
    item.append(button)
    return item
  }

  const fillBody = (
    parts: CardParts,
    annotation: Annotation,
    anchor: ResolvedAnchor | undefined,
    relations: Relation[],
    byId: Map<string, Annotation>,
    anchors: Map<string, ResolvedAnchor>,
  ): void => {
    const header = document.createElement('div')
    header.className = 'card-header'
    const kind = document.createElement('span')
    kind.className = 'card-kind'
    kind.textContent = kindLabel(options.codebook, annotation.kind)
    header.append(kind)
    if (anchor && anchor.health !== 'anchored') {
      const health = document.createElement('span')
      health.className = `card-health health-${anchor.health}`
      health.textContent = anchor.health
      health.title =
        anchor.health === 'drifted'
          ? 'The text under this annotation has changed since it was tagged.'
          : 'The text of this annotation was deleted; the quote is kept as it was.'
      header.append(health)
    }

    const quote = document.createElement('button')
    quote.type = 'button'
    quote.className = 'card-quote'
    quote.textContent = quoteOf(annotation, anchor)
    quote.setAttribute(
      'aria-label',
      `Go to passage: ${shortQuote(quoteOf(annotation, anchor), 60)}`,
    )
    quote.addEventListener('click', () => options.onActivate(annotation.id))

    const meta = document.createElement('p')
    meta.className = 'card-meta'
    meta.textContent = annotation.creator

    const lines: HTMLElement[] = []
    for (const relation of relations) {
      const outgoing = relation.from === annotation.id
      const otherId = outgoing ? relation.to : relation.from
      if (!outgoing && relation.to !== annotation.id) continue
      const other = byId.get(otherId)
      const otherQuote = other
        ? shortQuote(quoteOf(other, anchors.get(otherId)), 70)
        : 'a removed annotation'
      const verb = outgoing ? relation.type : inverse[relation.type]
      lines.push(relationLine(`${verb}: “${otherQuote}”`, otherId))
    }
    const children: HTMLElement[] = [header, quote, meta]
    if (lines.length > 0) {
      const relationList = document.createElement('ul')
      relationList.className = 'card-relations'
      relationList.append(...lines)
      children.push(relationList)
    }
    parts.body.replaceChildren(...children)
  }

  const render = (): void => {
    const annotations = listAnnotations(options.annotations)
    const relations = listRelations(options.annotations)
    const anchors = resolveAnchors(annotations, options.fragment)
    const byId = new Map(annotations.map((a) => [a.id, a]))
    const position = (a: Annotation): number =>
      anchors.get(a.id)?.span?.start ?? Number.MAX_SAFE_INTEGER
    const ordered = [...annotations].sort(
      (a, b) => position(a) - position(b) || a.created.localeCompare(b.created),
    )
    const claims = ordered
      .filter((a) => a.kind === 'claim')
      .map((a) => ({ id: a.id, quote: quoteOf(a, anchors.get(a.id)) }))

    heading.textContent = `Annotations (${annotations.length})`
    empty.hidden = annotations.length > 0

    for (const [id, parts] of cards) {
      if (!byId.has(id)) {
        parts.card.remove()
        cards.delete(id)
      }
    }
    ordered.forEach((annotation, index) => {
      let parts = cards.get(annotation.id)
      if (parts === undefined || parts.card.dataset.kind !== annotation.kind) {
        parts?.card.remove()
        parts = createCard(annotation)
        cards.set(annotation.id, parts)
      }
      fillBody(parts, annotation, anchors.get(annotation.id), relations, byId, anchors)
      parts.linking?.update(claims.filter((claim) => claim.id !== annotation.id))
      // Move only cards out of place, so a focused control inside a card keeps its focus.
      if (list.children[index] !== parts.card)
        list.insertBefore(parts.card, list.children[index] ?? null)
    })
    if (scrollTo !== null && cards.has(scrollTo)) {
      cards.get(scrollTo)?.card.scrollIntoView({ block: 'nearest' })
      scrollTo = null
    }
  }

  const createCard = (annotation: Annotation): CardParts => {
    const card = document.createElement('article')
    card.className = 'card'
    card.dataset.annotationId = annotation.id
    card.dataset.kind = annotation.kind
    card.style.setProperty('--kind', kindColour(options.codebook, annotation.kind))
    if (annotation.id === current) card.classList.add('is-current')
    const body = document.createElement('div')
    body.className = 'card-body'
    card.append(body)
    let linking: LinkControls | null = null
    if (linkingKinds.has(annotation.kind)) {
      linking = createLinkControls({
        annotations: options.annotations,
        from: annotation.id,
        creator: options.creator,
      })
      card.append(linking.element)
    }
    return { card, body, linking }
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
  render()

  return {
    element,
    select(id) {
      if (id !== null) {
        for (const parts of cards.values()) if (parts.linking?.pick(id)) return
      }
      current = id
      for (const [cardId, parts] of cards) parts.card.classList.toggle('is-current', cardId === id)
      const card = id === null ? undefined : cards.get(id)?.card
      if (card) card.scrollIntoView({ block: 'nearest' })
      else scrollTo = id
    },
    destroy() {
      if (queued !== null) clearTimeout(queued)
      options.annotations.off('update', schedule)
      options.fragment.unobserveDeep(schedule)
    },
  }
}
