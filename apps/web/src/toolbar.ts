/**
 * Tagging: while a passage is selected, a small floating toolbar offers the codebook's kinds
 * that are not retired (click, or press a kind's number key), following the codebook live;
 * choosing one creates the annotation anchored to the selected span of the canonical text.
 * From the keyboard: a number key tags the selection, Tab reaches the toolbar (arrow keys move
 * between its buttons, Enter tags), focus returns to the text, and Escape dismisses it.
 */
import { type Codebook, createAnnotation, type Kind } from '@warrant/annotations'
import { textMap } from '@warrant/document'
import { type EditorState, Plugin, PluginKey, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { LiveCodebook } from './codebook'
import { revealMeta } from './highlights'
import { kindClass, kindColour, taggableKinds } from './kinds'

/** Options of `taggingPlugin`. */
export interface TaggingOptions {
  annotations: Y.Doc
  fragment: Y.XmlFragment
  /** The document's codebook, followed live. */
  codebook: LiveCodebook
  /** The session's transaction origin (undo tracks it). */
  origin: object
  /** The positioned element the toolbar floats in (it contains the editor). */
  container: HTMLElement
  /** The reader's current display name, recorded as the creator. */
  creator(): string
  /** Called with the id of each annotation created. */
  onTagged(id: string): void
}

// True while the selection is one the app made (revealing a card's passage), not the reader,
// or while the reader has dismissed the toolbar with Escape.
const quietKey = new PluginKey<boolean>('warrant-tagging-quiet')
const dismissMeta = 'warrant-tagging-dismiss'

function hasPassage(state: EditorState): boolean {
  return state.selection instanceof TextSelection && !state.selection.empty
}

/** Tags the selected passage with `kind`; returns the new annotation id, or throws. */
export function tagSelection(view: EditorView, options: TaggingOptions, kind: string): string {
  const { from, to } = view.state.selection
  const map = textMap(view.state.doc)
  const span = { start: map.toOffset(from), end: map.toOffset(to) }
  const annotation = createAnnotation(
    options.annotations,
    options.fragment,
    { kind, span, creator: options.creator() },
    { origin: options.origin, codebook: options.codebook.current() },
  )
  // Collapse to the end of the passage: the toolbar closes and the new highlight shows whole.
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, to)))
  options.onTagged(annotation.id)
  return annotation.id
}

function shortcutKind(codebook: Codebook, event: KeyboardEvent): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  return taggableKinds(codebook).find((kind) => kind.shortcut === event.key)?.key ?? null
}

/**
 * Takes over the passage the browser has selected, which ProseMirror may not have read yet (its
 * selectionchange comes a moment later), so a number key pressed at once tags what the reader
 * sees selected: not nothing, and not the selection one Shift+arrow ago. True when it did.
 */
function adoptDomSelection(view: EditorView): boolean {
  const selection = view.dom.ownerDocument.getSelection()
  if (selection === null || selection.isCollapsed || selection.rangeCount === 0) return false
  const { anchorNode, focusNode } = selection
  if (anchorNode === null || focusNode === null) return false
  if (!view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return false
  try {
    const anchor = view.posAtDOM(anchorNode, selection.anchorOffset)
    const head = view.posAtDOM(focusNode, selection.focusOffset)
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, anchor, head)))
  } catch {
    // reason: a DOM point ProseMirror cannot place (inside a widget) is not a passage to tag.
    return false
  }
  return hasPassage(view.state)
}

/** Moves focus among the toolbar's buttons for arrow keys, Home and End; true when it did. */
function moveAmongButtons(buttons: HTMLElement, event: KeyboardEvent): boolean {
  const all = [...buttons.querySelectorAll<HTMLButtonElement>('button')]
  const active = document.activeElement
  const at = active instanceof HTMLButtonElement ? all.indexOf(active) : -1
  if (all.length === 0 || at < 0) return false
  const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }
  let next: number
  if (event.key in step) next = (at + step[event.key]! + all.length) % all.length
  else if (event.key === 'Home') next = 0
  else if (event.key === 'End') next = all.length - 1
  else return false
  all[next]!.focus()
  return true
}

/** The plugin that shows the tagging toolbar over a selected passage. */
export function taggingPlugin(options: TaggingOptions): Plugin<boolean> {
  const toolbar = document.createElement('div')
  toolbar.className = 'tag-toolbar'
  toolbar.setAttribute('role', 'toolbar')
  toolbar.setAttribute('aria-label', 'Tag passage')
  toolbar.hidden = true
  const error = document.createElement('span')
  error.className = 'tag-error'
  error.setAttribute('role', 'alert')

  let editor: EditorView | null = null
  const tag = (kind: string): void => {
    if (editor === null || !hasPassage(editor.state)) return
    try {
      tagSelection(editor, options, kind)
      error.textContent = ''
      editor.focus()
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure)
    }
  }

  const buttons = document.createElement('div')
  buttons.className = 'tag-buttons'
  const kindButton = (codebook: Codebook, kind: Kind): HTMLElement => {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = `tag-button anno-${kindClass(kind.key)}`
    button.dataset.kind = kind.key
    button.style.setProperty('--kind', kindColour(codebook, kind.key))
    button.title = kind.description
    button.setAttribute('aria-keyshortcuts', kind.shortcut)
    const label = document.createElement('span')
    label.textContent = kind.label
    const key = document.createElement('kbd')
    key.textContent = kind.shortcut
    button.append(label, key)
    button.addEventListener('click', () => tag(kind.key))
    return button
  }
  const fillButtons = (codebook: Codebook): void => {
    buttons.replaceChildren(...taggableKinds(codebook).map((kind) => kindButton(codebook, kind)))
  }
  fillButtons(options.codebook.current())
  toolbar.append(buttons, error)
  // Keep the editor's selection when the toolbar is clicked with the mouse.
  toolbar.addEventListener('mousedown', (event) => event.preventDefault())
  const dismiss = (): void => {
    if (editor === null) return
    editor.dispatch(editor.state.tr.setMeta(dismissMeta, true))
    editor.focus()
  }
  toolbar.addEventListener('keydown', (event) => {
    const kind = shortcutKind(options.codebook.current(), event)
    if (kind !== null) {
      event.preventDefault()
      tag(kind)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      dismiss()
    } else if (moveAmongButtons(buttons, event)) {
      event.preventDefault()
    }
  })

  const place = (view: EditorView): void => {
    const visible =
      hasPassage(view.state) &&
      !quietKey.getState(view.state) &&
      (view.hasFocus() || toolbar.contains(document.activeElement))
    toolbar.hidden = !visible
    if (!visible) return
    const { from, to } = view.state.selection
    const box = options.container.getBoundingClientRect()
    const start = view.coordsAtPos(from)
    const end = view.coordsAtPos(to, -1)
    const height = toolbar.offsetHeight
    const width = toolbar.offsetWidth
    // Above the passage, or below it when the passage's top is near the top of the window.
    const top = start.top - height - 10 < 56 ? end.bottom + 10 : start.top - height - 10
    const left = Math.min(Math.max(start.left - box.left, 0), Math.max(box.width - width, 0))
    toolbar.style.top = `${top - box.top}px`
    toolbar.style.left = `${left}px`
  }

  return new Plugin<boolean>({
    key: quietKey,
    state: {
      init: () => false,
      apply(tr, quiet) {
        if (tr.getMeta(revealMeta) || tr.getMeta(dismissMeta)) return true
        // A remote change restores the selection too; only the reader's own moves end the quiet.
        return tr.selectionSet && !tr.getMeta(ySyncPluginKey) ? false : quiet
      },
    },
    props: {
      // A DOM handler rather than handleKeyDown: ProseMirror skips that in read-only views,
      // and annotators read the text without editing it.
      handleDOMEvents: {
        keydown(view, event) {
          if (event.key === 'Escape') {
            if (toolbar.hidden) return false
            // Keep the passage the reader sees, not one ProseMirror read a key press earlier.
            if (!adoptDomSelection(view) && !hasPassage(view.state)) return false
            event.preventDefault()
            dismiss()
            return true
          }
          const kind = shortcutKind(options.codebook.current(), event)
          if (kind === null) return false
          // The browser's selection is what the reader sees, even a key press ahead of ours.
          if (!adoptDomSelection(view) && !hasPassage(view.state)) return false
          event.preventDefault()
          tag(kind)
          return true
        },
      },
    },
    view(view) {
      editor = view
      view.dom.after(toolbar)
      const refresh = (): void => place(view)
      // Focus moves between editor and toolbar settle before the toolbar decides to hide.
      const onFocusChange = (): void => void setTimeout(refresh, 0)
      options.container.addEventListener('focusin', onFocusChange)
      options.container.addEventListener('focusout', onFocusChange)
      window.addEventListener('resize', refresh)
      const stopCodebook = options.codebook.subscribe((codebook) => {
        fillButtons(codebook)
        refresh()
      })
      return {
        update: refresh,
        destroy() {
          options.container.removeEventListener('focusin', onFocusChange)
          options.container.removeEventListener('focusout', onFocusChange)
          window.removeEventListener('resize', refresh)
          stopCodebook()
          toolbar.remove()
          editor = null
        },
      }
    },
  })
}
