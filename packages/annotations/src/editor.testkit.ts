/**
 * Test support: an editor session that changes a document the way the web app's editor does, a
 * ProseMirror transaction written to Yjs by y-prosemirror's own updateYFragment (so its real
 * paragraph split and join behaviour, y-prosemirror#204, is what anchoring meets).
 */
import { schema, textMap } from '@warrant/document'
import { EditorState, type Transaction } from 'prosemirror-state'
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from 'y-prosemirror'
import type { Node, Replica } from './replicas.testkit'
import { replicas } from './replicas.testkit'

/** One editor on a replica: its ProseMirror state, kept in step with the replica's content. */
export interface EditorSession extends Replica {
  /** The editor's current document. */
  readonly doc: Node
  /** Applies a transaction built by `build` and writes the new document to Yjs. */
  edit(build: (tr: Transaction) => void): void
  /** The ProseMirror position of a canonical text offset in the current document. */
  posAt(offset: number): number
}

/** An editor session on a fresh replica of `doc` (the content written as the server writes it). */
export function editorSession(doc: Node): EditorSession {
  const [replica] = replicas(doc, 1) as [Replica]
  const binding = initProseMirrorDoc(replica.fragment, schema)
  let state = EditorState.create({ doc: binding.doc })
  return {
    ...replica,
    get doc() {
      return state.doc
    },
    edit(build) {
      const tr = state.tr
      build(tr)
      state = state.apply(tr)
      // What ProsemirrorBinding._prosemirrorChanged does on every local transaction.
      replica.content.transact(() => {
        updateYFragment(replica.content, replica.fragment, state.doc, binding.meta)
      }, ySyncPluginKey)
    },
    posAt(offset) {
      return textMap(state.doc).toPos(offset)
    },
  }
}
