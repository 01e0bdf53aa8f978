/**
 * One annotation's card in the sidebar: its kind, quote (the current text, and the original
 * quote when the text has drifted), note, who tagged and who last edited it, the attributes
 * form suited to its kind, its relations in both directions (each removable), the controls to
 * edit, delete, link and re-anchor it, "Copy citation", and its discussion. Notes and comments
 * are shown as text with only their http(s) links made links, never as HTML.
 */
import './styles/card.css'
import {
  type Annotation,
  type Comment,
  deleteRelation,
  type Relation,
  type ResolvedAnchor,
} from '@warrant/annotations'
import type * as Y from 'yjs'
import { createAttributesForm } from './attributes-form'
import { createCardEdit } from './card-edit'
import { createCitationCopy } from './citation-copy'
import type { LiveCodebook } from './codebook'
import { kindColour, kindLabel, shortQuote } from './kinds'
import { renderLinkedText } from './linkify'
import { createLinkControls, type LinkChoice, relationSpecs } from './linking'
import { createThread } from './thread'

/** What every card works with: the document's annotations and the reader's session. */
export interface CardContext {
  /** The document's id, for the API routes a card calls. */
  documentId: string
  annotations: Y.Doc
  codebook: LiveCodebook
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
  /** Goes to an annotation's passage. */
  onActivate(id: string): void
  /** Deletes an annotation. */
  remove(id: string): void
  /** Re-anchors an annotation to the selected passage; returns why it could not, or null. */
  reanchor(id: string): string | null
}

/** What a card shows, as of the latest change. */
export interface CardData {
  annotation: Annotation
  anchor: ResolvedAnchor | undefined
  /** Every listed relation (the card picks its own). */
  relations: Relation[]
  byId: Map<string, Annotation>
  anchors: Map<string, ResolvedAnchor>
  /** The comments on this annotation, oldest first. */
  comments: Comment[]
  /** The annotations it could be linked to. */
  choices: LinkChoice[]
}

/** A card and what the sidebar does with it. */
export interface Card {
  element: HTMLElement
  update(data: CardData): void
  /** Chooses `id` in an open link form; false when none is open or it does not fit. */
  pick(id: string): boolean
}

/** The text to show for an annotation: the current text, or the stored quote of an orphan. */
export function quoteOf(annotation: Annotation, anchor: ResolvedAnchor | undefined): string {
  return anchor?.span ? anchor.text : annotation.anchor.exact
}

const healthTitles = {
  drifted: 'The text under this annotation has changed since it was tagged.',
  orphaned: 'The text of this annotation was deleted; the quote is kept as it was.',
}

/** Builds the card of `annotation`. */
export function createCard(context: CardContext, annotation: Annotation): Card {
  const element = document.createElement('article')
  element.className = 'card'
  element.dataset.annotationId = annotation.id
  element.dataset.kind = annotation.kind
  const body = document.createElement('div')
  body.className = 'card-body'
  const attributes = createAttributesForm({
    annotations: context.annotations,
    codebook: context.codebook,
    annotation: annotation.id,
    kind: annotation.kind,
    user: context.user,
    origin: context.origin,
  })
  const edit = createCardEdit(annotation, context)
  const cite = createCitationCopy({ documentId: context.documentId, annotation: annotation.id })
  const linking = createLinkControls({
    annotations: context.annotations,
    from: annotation.id,
    kind: annotation.kind,
    creator: context.user,
    origin: context.origin,
  })
  const thread = createThread({
    annotations: context.annotations,
    annotation: annotation.id,
    user: context.user,
    origin: context.origin,
  })
  element.append(
    body,
    attributes.element,
    edit.element,
    ...(linking ? [linking.element] : []),
    cite,
    thread.element,
  )

  const relationLine = (relation: Relation, data: CardData): HTMLElement | null => {
    const id = data.annotation.id
    const outgoing = relation.from === id
    if (!outgoing && relation.to !== id) return null
    const otherId = outgoing ? relation.to : relation.from
    const other = data.byId.get(otherId)
    const otherQuote = other
      ? shortQuote(quoteOf(other, data.anchors.get(otherId)), 70)
      : 'a removed annotation'
    const spec = relationSpecs[relation.type]
    const text = `${outgoing ? spec.outgoing : spec.incoming}: “${otherQuote}”`
    const item = document.createElement('li')
    const go = document.createElement('button')
    go.type = 'button'
    go.className = 'relation'
    go.textContent = text
    go.addEventListener('click', () => context.onActivate(otherId))
    const remove = document.createElement('button')
    remove.type = 'button'
    remove.className = 'relation-remove'
    remove.textContent = '×'
    remove.title = 'Remove this relation'
    remove.setAttribute('aria-label', `Remove relation: ${text}`)
    remove.addEventListener('click', () =>
      deleteRelation(context.annotations, relation.id, { origin: context.origin }),
    )
    item.append(go, remove)
    return item
  }

  const fillBody = (data: CardData): void => {
    const { annotation: a, anchor } = data
    const codebook = context.codebook.current()
    element.style.setProperty('--kind', kindColour(codebook, a.kind))
    const header = document.createElement('div')
    header.className = 'card-header'
    const kind = document.createElement('span')
    kind.className = 'card-kind'
    kind.textContent = kindLabel(codebook, a.kind)
    header.append(kind)
    if (anchor && anchor.health !== 'anchored') {
      const health = document.createElement('span')
      health.className = `card-health health-${anchor.health}`
      health.textContent = anchor.health
      health.title = healthTitles[anchor.health]
      header.append(health)
    }
    const quote = document.createElement('button')
    quote.type = 'button'
    quote.className = 'card-quote'
    quote.textContent = quoteOf(a, anchor)
    quote.setAttribute('aria-label', `Go to passage: ${shortQuote(quoteOf(a, anchor), 60)}`)
    quote.addEventListener('click', () => context.onActivate(a.id))
    const children: HTMLElement[] = [header, quote]
    if (anchor?.health === 'drifted') {
      const original = document.createElement('p')
      original.className = 'card-original'
      const label = document.createElement('span')
      label.textContent = 'Originally: '
      const exact = document.createElement('q')
      exact.textContent = a.anchor.exact
      original.append(label, exact)
      children.push(original)
    }
    if (a.note !== '') {
      const note = document.createElement('p')
      note.className = 'card-note'
      renderLinkedText(note, a.note)
      children.push(note)
    }
    const meta = document.createElement('p')
    meta.className = 'card-meta'
    meta.textContent = a.creator
    if (a.modifiedBy && a.modifiedBy !== a.creator) {
      const edited = document.createElement('span')
      edited.className = 'card-edited'
      edited.textContent = ` · edited by ${a.modifiedBy}`
      meta.append(edited)
    }
    children.push(meta)
    const lines = data.relations.flatMap((relation) => relationLine(relation, data) ?? [])
    if (lines.length > 0) {
      const list = document.createElement('ul')
      list.className = 'card-relations'
      list.setAttribute('aria-label', 'Relations')
      list.append(...lines)
      children.push(list)
    }
    body.replaceChildren(...children)
  }

  return {
    element,
    update(data) {
      fillBody(data)
      attributes.update(data.annotation)
      edit.update(data.annotation, data.anchor?.health)
      linking?.update(data.choices)
      thread.update(data.comments)
    },
    pick: (id) => linking?.pick(id) ?? false,
  }
}
