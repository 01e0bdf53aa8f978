/**
 * Undo scoped to one reader: their own annotation changes (a Y.UndoManager over the annotations
 * doc's maps that tracks only this session's origin) and their own text edits (y-prosemirror's
 * undo manager), undone newest first whichever kind they are. A collaborator's changes carry
 * another origin, so they are never undone here. The open page's history is offered to the top
 * bar (`followOpenHistory`), whose Undo and Redo buttons act on it.
 */
import { ANNOTATIONS, COMMENTS, RELATIONS } from '@warrant/annotations'
import * as Y from 'yjs'

/** This session's undo history. */
export interface SessionUndo {
  /** The origin every annotations write of this session passes as `{ origin }`. */
  origin: object
  /** Joins the text undo manager (y-prosemirror's) to the shared order of changes. */
  attachText(manager: Y.UndoManager): void
  /** Undoes the newest own change, text or annotation; false when there is none. */
  undo(): boolean
  /** Redoes the newest undone change; false when there is none. */
  redo(): boolean
  /** Undoes the newest own annotation change only (the sidebar's Undo button). */
  undoAnnotation(): boolean
  /** Whether there is an own annotation change to undo. */
  canUndoAnnotation(): boolean
  /** Whether there is an own change, text or annotation, to undo. */
  canUndo(): boolean
  /** Whether there is an undone change to redo. */
  canRedo(): boolean
  /** Calls `listener` whenever the annotation history changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void
  /** Calls `listener` whenever either history (text or annotations) changes; returns the unsubscribe. */
  onAnyChange(listener: () => void): () => void
  destroy(): void
}

// Each stack item records when it was last added or extended, so the two histories interleave.
const orderKey = Symbol('warrant-undo-order')

interface StackEvent {
  stackItem: { meta: Map<unknown, unknown> }
  origin: unknown
  type: 'undo' | 'redo'
}

function newest(stack: Array<{ meta: Map<unknown, unknown> }>): number {
  const top = stack[stack.length - 1]
  const order = top?.meta.get(orderKey)
  return typeof order === 'number' ? order : top ? 0 : -1
}

/** Creates the undo history of one session over an annotations Y.Doc. */
export function createSessionUndo(annotations: Y.Doc): SessionUndo {
  const origin = Object.freeze({ session: 'warrant-local' })
  const annotationManager = new Y.UndoManager(
    [ANNOTATIONS, RELATIONS, COMMENTS].map((name) => annotations.getMap(name)),
    // Every write is its own step: a deletion and the next edit are undone one at a time.
    { trackedOrigins: new Set([origin]), captureTimeout: 0 },
  )
  const managers: Y.UndoManager[] = [annotationManager]
  const listeners = new Set<() => void>()
  const anyListeners = new Set<() => void>()
  let counter = 0

  const notify = (): void => {
    for (const listener of listeners) listener()
  }
  const notifyAny = (): void => {
    for (const listener of anyListeners) listener()
  }

  const follow = (manager: Y.UndoManager): void => {
    const onStack = (event: StackEvent): void => {
      event.stackItem.meta.set(orderKey, ++counter)
      // A fresh change (not a redo) ends what the other history could redo as well.
      if (event.type === 'undo' && event.origin !== manager) {
        for (const other of managers) if (other !== manager) other.clear(false, true)
      }
      if (manager === annotationManager) notify()
      notifyAny()
    }
    manager.on('stack-item-added', onStack)
    manager.on('stack-item-updated', onStack)
    if (manager === annotationManager) {
      manager.on('stack-item-popped', notify)
      manager.on('stack-cleared', notify)
    }
    manager.on('stack-item-popped', notifyAny)
    manager.on('stack-cleared', notifyAny)
  }
  follow(annotationManager)

  const pick = (stack: 'undoStack' | 'redoStack'): Y.UndoManager | null => {
    let best: Y.UndoManager | null = null
    for (const manager of managers) {
      const order = newest(manager[stack])
      if (order >= 0 && (best === null || order > newest(best[stack]))) best = manager
    }
    return best
  }

  const history: SessionUndo = {
    origin,
    attachText(manager) {
      if (managers.includes(manager)) return
      managers.push(manager)
      follow(manager)
    },
    undo() {
      const manager = pick('undoStack')
      return manager !== null && manager.undo() !== null
    },
    redo() {
      const manager = pick('redoStack')
      return manager !== null && manager.redo() !== null
    },
    undoAnnotation: () => annotationManager.undo() !== null,
    canUndoAnnotation: () => annotationManager.canUndo(),
    canUndo: () => pick('undoStack') !== null,
    canRedo: () => pick('redoStack') !== null,
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onAnyChange(listener) {
      anyListeners.add(listener)
      return () => anyListeners.delete(listener)
    },
    destroy() {
      listeners.clear()
      anyListeners.clear()
      annotationManager.destroy()
      if (open === history) offer(null)
    },
  }
  offer(history)
  return history
}

// The history of the document page that is open, offered to the top bar's Undo and Redo.
let open: SessionUndo | null = null
const openListeners = new Set<(history: SessionUndo | null) => void>()

function offer(history: SessionUndo | null): void {
  open = history
  for (const listener of openListeners) listener(history)
}

/**
 * Calls `listener` with the open page's history now and whenever a page opens or closes one
 * (null when none is open); returns the unsubscribe function.
 */
export function followOpenHistory(listener: (history: SessionUndo | null) => void): () => void {
  openListeners.add(listener)
  listener(open)
  return () => openListeners.delete(listener)
}

/** Whether a key press asks to undo ('undo'), redo ('redo'), or neither (null). */
export function undoKey(event: KeyboardEvent): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null
  const key = event.key.toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !event.shiftKey) return 'redo'
  return null
}

/**
 * Handles Mod-z and Mod-Shift-z outside the text (a read-only editor, the sidebar's buttons):
 * fields that take text keep their own undo. Returns the stop function.
 */
export function listenForUndoKeys(history: SessionUndo): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented) return
    const action = undoKey(event)
    if (action === null) return
    const target = event.target instanceof HTMLElement ? event.target : null
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return
    event.preventDefault()
    if (action === 'undo') history.undo()
    else history.redo()
  }
  window.addEventListener('keydown', onKeyDown)
  return () => window.removeEventListener('keydown', onKeyDown)
}
