/**
 * Paragraph numbers in the margin: each paragraph carries the number that citations use as
 * its locator. The numbering follows the canonical text's outline exactly (packages/document,
 * `OutlineBuilder`): every textblock that is not a heading counts, in document order, lists and
 * quotes included. The numbers are node decorations (a `data-paragraph` attribute drawn by CSS
 * in the margin), so they are never part of the text, its selection or a copy.
 */
import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'

/** One numbered paragraph: its ProseMirror position and its locator number. */
export interface NumberedParagraph {
  pos: number
  paragraph: number
}

/** The numbered paragraphs of a document, in order (headings are not numbered). */
export function numberParagraphs(doc: Node): NumberedParagraph[] {
  const numbered: NumberedParagraph[] = []
  let count = 0
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return !node.isLeaf
    if (node.type.name !== 'heading') {
      count += 1
      numbered.push({ pos, paragraph: count })
    }
    // The inside of a textblock holds no further textblocks.
    return false
  })
  return numbered
}

function build(doc: Node): DecorationSet {
  const decorations = numberParagraphs(doc).map(({ pos, paragraph }) => {
    const node = doc.nodeAt(pos)
    return Decoration.node(
      pos,
      pos + (node?.nodeSize ?? 0),
      { 'data-paragraph': String(paragraph) },
      { paragraph },
    )
  })
  return DecorationSet.create(doc, decorations)
}

/** The key of the paragraph-number plugin. */
export const paragraphNumbersKey = new PluginKey<DecorationSet>('warrant-paragraph-numbers')

/** The plugin that numbers the paragraphs in the margin, renumbering whenever the text changes. */
export function paragraphNumbersPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: paragraphNumbersKey,
    state: {
      init: (_config, state) => build(state.doc),
      apply: (tr, set) => (tr.docChanged ? build(tr.doc) : set),
    },
    props: {
      decorations: (state) => paragraphNumbersKey.getState(state),
    },
  })
}
