/**
 * The reading surface: a ProseMirror view bound to the document's Yjs content with
 * y-prosemirror (sync, collaborators' cursors with their names, undo of the reader's own
 * edits), editable only for readers whose role may change the text, with the paragraph
 * numbers citations use in the margin and a keyboard caret even when the text is read-only.
 */
import { schema } from '@warrant/document'
import { baseKeymap } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import { EditorState, type Plugin } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { readOnlyCaretPlugin } from './caret'
import { paragraphNumbersPlugin } from './paragraphs'

/** Options of `createEditor`. */
export interface EditorOptions {
  /** The element the editor is mounted in. */
  mount: HTMLElement
  /** The content fragment of the document's content Y.Doc. */
  fragment: Y.XmlFragment
  /** Awareness of the content room (cursors and names). */
  awareness: Awareness
  /** Whether the reader may change the text (editor and owner roles). */
  canEdit: boolean
  /** Further plugins (highlights, tagging). */
  plugins: Plugin[]
  /** The reader's undo history (text and annotations, newest first). */
  history: { undo(): boolean; redo(): boolean }
}

// A collaborator's caret with their display name above it (text only, never HTML).
function cursorBuilder(user: { name: string; color: string }): HTMLElement {
  const cursor = document.createElement('span')
  cursor.className = 'ProseMirror-yjs-cursor'
  cursor.style.borderColor = user.color
  const label = document.createElement('span')
  label.className = 'collab-cursor-name'
  label.style.backgroundColor = user.color
  label.textContent = user.name
  cursor.append(document.createTextNode('\u2060'), label, document.createTextNode('\u2060'))
  return cursor
}

/** Creates the editor view over the content fragment. */
export function createEditor(options: EditorOptions): EditorView {
  const state = EditorState.create({
    schema,
    plugins: [
      ySyncPlugin(options.fragment),
      yCursorPlugin(options.awareness, { cursorBuilder }),
      yUndoPlugin(),
      paragraphNumbersPlugin(),
      readOnlyCaretPlugin(),
      // Always handled, so the browser's own contenteditable undo never runs on the text.
      keymap({
        'Mod-z': () => options.history.undo() || true,
        'Mod-y': () => options.history.redo() || true,
        'Mod-Shift-z': () => options.history.redo() || true,
      }),
      ...options.plugins,
      keymap(baseKeymap),
    ],
  })
  return new EditorView(options.mount, {
    state,
    editable: () => options.canEdit,
    attributes: {
      class: 'brief',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': 'Document text',
      'aria-readonly': String(!options.canEdit),
      // A read-only text still takes focus so keyboard readers can select and tag.
      tabindex: '0',
      spellcheck: 'false',
    },
  })
}
