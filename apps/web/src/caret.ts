/**
 * A keyboard caret in a read-only text. Annotators and viewers cannot edit, so the browser
 * gives the focused text no caret: arrows scroll the page and Shift+arrows select nothing.
 * When the text takes focus without a selection inside it, this places a collapsed selection
 * at the reader's last position if it is in view, else at the first line in view; arrows (with
 * Ctrl for words, Home/End for lines, Ctrl+Home/End for the whole text) move it and with Shift
 * extend it, through the browser's `Selection.modify`, which ProseMirror then reads as its
 * selection, so the tagging toolbar follows with no mouse.
 */
import { Plugin, Selection, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'

function selectionInside(view: EditorView): boolean {
  const selection = view.dom.ownerDocument.getSelection()
  const anchor = selection?.anchorNode ?? null
  return anchor !== null && view.dom.contains(anchor)
}

// The text position at the start of the first line in view (below the sticky top bar).
function firstPositionInView(view: EditorView): number | null {
  const box = view.dom.getBoundingClientRect()
  const bar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0
  const top = Math.max(box.top, bar) + 8
  if (top > Math.min(box.bottom, window.innerHeight)) return null
  return view.posAtCoords({ left: box.left + 1, top })?.pos ?? null
}

function inView(view: EditorView, pos: number): boolean {
  const bar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0
  const coords = view.coordsAtPos(pos)
  return coords.top >= bar && coords.bottom <= window.innerHeight
}

function placeCaret(view: EditorView): void {
  if (view.editable || selectionInside(view)) return
  const { selection, doc } = view.state
  const pos = inView(view, selection.head)
    ? selection.head
    : (firstPositionInView(view) ?? selection.head)
  const caret = TextSelection.near(doc.resolve(Math.min(pos, doc.content.size)))
  const { node, offset } = view.domAtPos(caret.head)
  const range = document.createRange()
  range.setStart(node, offset)
  range.collapse(true)
  const dom = view.dom.ownerDocument.getSelection()
  dom?.removeAllRanges()
  dom?.addRange(range)
}

type Granularity = 'character' | 'word' | 'line' | 'lineboundary' | 'documentboundary'

// The caret move a key asks for, as `Selection.modify` arguments; null for other keys.
function caretMove(event: KeyboardEvent): [direction: string, granularity: Granularity] | null {
  if (event.altKey || event.metaKey) return null
  const word = event.ctrlKey
  switch (event.key) {
    case 'ArrowLeft':
      return ['backward', word ? 'word' : 'character']
    case 'ArrowRight':
      return ['forward', word ? 'word' : 'character']
    case 'ArrowUp':
      return word ? null : ['backward', 'line']
    case 'ArrowDown':
      return word ? null : ['forward', 'line']
    case 'Home':
      return ['backward', word ? 'documentboundary' : 'lineboundary']
    case 'End':
      return ['forward', word ? 'documentboundary' : 'lineboundary']
    default:
      return null
  }
}

function moveCaret(view: EditorView, event: KeyboardEvent): boolean {
  if (view.editable) return false
  const move = caretMove(event)
  const selection = view.dom.ownerDocument.getSelection()
  if (move === null || selection === null) return false
  if (!selectionInside(view)) placeCaret(view)
  if (!selectionInside(view)) return false
  const [direction, granularity] = move
  if (granularity === 'documentboundary') {
    // Outside an editing host the browser's boundary is the page's; the text's is wanted.
    const { doc } = view.state
    const end = direction === 'forward' ? Selection.atEnd(doc) : Selection.atStart(doc)
    const { node, offset } = view.domAtPos(end.head)
    if (event.shiftKey) selection.extend(node, offset)
    else selection.collapse(node, offset)
    return true
  }
  const before = [selection.anchorNode, selection.anchorOffset] as const
  const focus = [selection.focusNode, selection.focusOffset] as const
  selection.modify(event.shiftKey ? 'extend' : 'move', direction, granularity)
  // Never past the text's edges into the page around it.
  if (!view.dom.contains(selection.focusNode) && before[0] !== null && focus[0] !== null)
    selection.setBaseAndExtent(before[0], before[1], focus[0], focus[1])
  return true
}

/** The plugin that gives a focused read-only text a caret for keyboard selection. */
export function readOnlyCaretPlugin(): Plugin {
  return new Plugin({
    props: {
      // A DOM handler: ProseMirror skips handleKeyDown in read-only views.
      handleDOMEvents: {
        keydown(view, event) {
          if (!moveCaret(view, event)) return false
          event.preventDefault()
          return true
        },
      },
    },
    view(view) {
      const onFocus = (): void => placeCaret(view)
      view.dom.addEventListener('focus', onFocus)
      return { destroy: () => view.dom.removeEventListener('focus', onFocus) }
    },
  })
}
