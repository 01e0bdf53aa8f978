/**
 * Moves a document between ProseMirror and its Yjs content doc, the one place the server and
 * tools turn imported Markdown into collaborative content and back.
 */
import type { Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import type * as Y from 'yjs'
import { CONTENT_FRAGMENT } from './fragment'
import { schema } from './schema'

/** Fills the CONTENT_FRAGMENT of an empty Y.Doc with a ProseMirror document. */
export function writeContent(doc: Node, ydoc: Y.Doc): void {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  if (fragment.length > 0) {
    throw new Error(`writeContent needs an empty '${CONTENT_FRAGMENT}' fragment; it has content`)
  }
  prosemirrorToYXmlFragment(doc, fragment)
}

/** Reads the ProseMirror document held in a Y.Doc's CONTENT_FRAGMENT (an empty one gives one empty paragraph). */
export function readContent(ydoc: Y.Doc): Node {
  const doc = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(CONTENT_FRAGMENT), schema)
  if (doc.childCount > 0) return doc
  return schema.topNodeType.createAndFill()!
}
