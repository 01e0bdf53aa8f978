/**
 * The "Orphans & drift" tab: every annotation whose text was deleted (an orphan) or has changed
 * since it was tagged (drifted), with its original quote and, when drifted, the text as it reads
 * now. An orphan is re-anchored to the passage selected in the text, or dismissed (deleted after
 * a confirm step; undo brings it back). A drifted annotation is kept at its new text (its quote
 * becomes what the text says now) or re-anchored to a selection. Nothing leaves the list
 * silently: a status line says what happened, whoever did it.
 */
import {
  type Annotation,
  deleteAnnotation,
  type ResolvedAnchor,
  reanchorAnnotation,
} from '@warrant/annotations'
import type * as Y from 'yjs'
import { kindColour, kindLabel, shortQuote } from './kinds'
import { createOrphanEntry, type OrphanEntry } from './orphans-entry'
import { placeChildren, showCurrent } from './placement'
import type { SidebarSnapshot } from './sidebar-snapshot'

/** Options of `createOrphansPanel`. */
export interface OrphansPanelOptions {
  annotations: Y.Doc
  fragment: Y.XmlFragment
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
  /** Goes to an annotation's passage. */
  onActivate(id: string): void
  /** Re-anchors an annotation to the selected passage; returns why it could not, or null. */
  reanchor(id: string): string | null
}

/** The orphans tab and what the sidebar does with it. */
export interface OrphansPanel {
  element: HTMLElement
  /** Follows a new snapshot (drawn only while shown); returns the number of annotations listed. */
  update(snapshot: SidebarSnapshot): number
  /** Marks annotation `id` current and scrolls it into view; false when it is not listed. */
  select(id: string | null): boolean
}

/** What the tab remembers of a listed annotation, to say what became of it. */
interface Listed {
  quote: string
  health: ResolvedAnchor['health']
}

const quoted = (text: string): string => `“${shortQuote(text, 60)}”`

/** Builds the orphans and drift tab. */
export function createOrphansPanel(options: OrphansPanelOptions): OrphansPanel {
  const element = document.createElement('section')
  element.className = 'sidebar-orphans'
  const summary = document.createElement('p')
  summary.className = 'sidebar-shown-line'
  const help = document.createElement('p')
  help.className = 'sidebar-help'
  help.textContent =
    'An orphan’s text was deleted; a drifted annotation’s text has changed. To move one, select a passage in the text, then re-anchor.'
  const status = document.createElement('p')
  status.className = 'sidebar-message'
  status.setAttribute('role', 'status')
  const empty = document.createElement('p')
  empty.className = 'sidebar-empty'
  empty.textContent = 'Every annotation sits on its text.'
  const list = document.createElement('div')
  list.className = 'orphan-list'
  element.append(summary, help, status, empty, list)

  const entries = new Map<string, OrphanEntry>()
  let listed = new Map<string, Listed>()
  let first = true
  let current: string | null = null
  // What this reader just did, so the status line says it in their words.
  const done = new Map<string, string>()
  const dismissed = new Set<string>()

  const say = (text: string): void => {
    status.textContent = text
  }

  const act = {
    reanchor(id: string, quote: string): string | null {
      const failure = options.reanchor(id)
      if (failure === null) done.set(id, `Re-anchored ${quoted(quote)} to the selected passage.`)
      return failure
    },
    keep(id: string, quote: string, anchor: ResolvedAnchor | undefined): string | null {
      if (!anchor?.span) return 'This annotation has no text to keep.'
      try {
        const kept = reanchorAnnotation(
          options.annotations,
          options.fragment,
          id,
          { span: anchor.span, editor: options.user() },
          { origin: options.origin },
        )
        if (kept === null) return 'This annotation no longer exists.'
      } catch (failure) {
        return failure instanceof Error ? failure.message : String(failure)
      }
      done.set(id, `Kept ${quoted(quote)} at its new text: ${quoted(anchor.text)}.`)
      return null
    },
    dismiss(id: string, quote: string): void {
      done.set(id, `Dismissed the orphan ${quoted(quote)}. Undo (Ctrl+Z or ⌘Z) brings it back.`)
      dismissed.add(id)
      deleteAnnotation(options.annotations, id, { origin: options.origin })
    },
  }

  const entryOf = (annotation: Annotation): OrphanEntry => {
    const existing = entries.get(annotation.id)
    if (existing) return existing
    const entry = createOrphanEntry({ id: annotation.id, onActivate: options.onActivate, act })
    entries.set(annotation.id, entry)
    return entry
  }

  /** The sentences saying what became of the annotations that left or joined the list. */
  const changes = (at: SidebarSnapshot, now: Map<string, Listed>): string[] => {
    const lines: string[] = []
    for (const [id, was] of listed) {
      if (now.has(id)) continue
      const own = done.get(id)
      done.delete(id)
      if (own !== undefined) lines.push(own)
      else if (!at.byId.has(id)) lines.push(`${quoted(was.quote)} was deleted.`)
      else lines.push(`${quoted(was.quote)} sits on its text again.`)
    }
    if (!first) {
      for (const [id, is] of now) {
        if (listed.has(id)) continue
        if (dismissed.delete(id)) lines.push(`${quoted(is.quote)} is back.`)
        else if (is.health === 'orphaned') lines.push(`${quoted(is.quote)} lost its text.`)
        else lines.push(`The text under ${quoted(is.quote)} changed.`)
      }
    }
    return lines
  }

  return {
    element,
    update(at) {
      const shown = at.annotations.filter((a) => at.anchors.get(a.id)?.health !== 'anchored')
      // Orphans first (they need the reader), then drifted ones, each in document order.
      const ordered = [
        ...shown.filter((a) => at.anchors.get(a.id)?.health !== 'drifted'),
        ...shown.filter((a) => at.anchors.get(a.id)?.health === 'drifted'),
      ]
      const now = new Map<string, Listed>()
      for (const a of ordered) {
        now.set(a.id, { quote: a.anchor.exact, health: at.anchors.get(a.id)?.health ?? 'orphaned' })
      }
      const lines = changes(at, now)
      if (lines.length > 0) say(lines.join(' '))
      listed = now
      first = false
      const orphaned = ordered.filter((a) => now.get(a.id)?.health === 'orphaned').length
      summary.textContent = `${orphaned} orphaned · ${ordered.length - orphaned} drifted`
      summary.hidden = ordered.length === 0
      help.hidden = ordered.length === 0
      empty.hidden = ordered.length > 0
      // Drawn only while the tab is shown (showing it renders again); messages are kept anyway.
      if (element.hidden) return ordered.length
      for (const [id, entry] of entries) {
        if (now.has(id)) continue
        entry.element.remove()
        entries.delete(id)
      }
      const placed = ordered.map((annotation) => {
        const entry = entryOf(annotation)
        entry.update({
          annotation,
          anchor: at.anchors.get(annotation.id),
          kind: kindLabel(at.codebook, annotation.kind),
          colour: kindColour(at.codebook, annotation.kind),
          current: annotation.id === current,
        })
        return entry.element
      })
      placeChildren(list, placed)
      return ordered.length
    },
    select(id) {
      current = id
      showCurrent(entries, id)
      return id !== null && listed.has(id)
    },
  }
}
