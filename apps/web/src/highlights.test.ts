/**
 * The highlights plugin updates incrementally on annotation changes; these checks hold it to
 * the same decorations, hover titles and overlap stretches as a full rebuild.
 */
import { createAnnotation, deleteAnnotation, updateAnnotation } from '@warrant/annotations'
import { schema } from '@warrant/document'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { initProseMirrorDoc, prosemirrorToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { watchCodebook } from './codebook'
import { highlightsKey, highlightsPlugin } from './highlights'

describe('highlights', () => {
  it('redraws only what annotation changes touch, ending where a full rebuild would', () => {
    // Seeded so a failure can be replayed: adds, deletes, kind changes and a moving current one.
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const paras = Array.from({ length: 12 }, (_, i) =>
      schema.node('paragraph', null, [schema.text(`Paragraph ${i} `.padEnd(60, 'abcdefghij '))]),
    )
    const pm = schema.node('doc', null, paras)
    const content = new Y.Doc()
    const fragment = content.getXmlFragment('prosemirror')
    prosemirrorToYXmlFragment(pm, fragment)
    const { doc } = initProseMirrorDoc(fragment, schema)
    const annotations = new Y.Doc()
    const codebook = watchCodebook(content)
    const options = { annotations, fragment, codebook, onActivate: () => {} }
    const plugin = highlightsPlugin(options)
    let state = EditorState.create({ doc, plugins: [plugin] })
    const total = 12 * 60
    const ids: string[] = []
    const norm = (s: EditorState) =>
      highlightsKey
        .getState(s)!
        .set.find()
        // reason: a decoration's attributes are internal to prosemirror-view (its `type.attrs`).
        .map((d) =>
          JSON.stringify([d.from, d.to, (d as unknown as { type: { attrs: unknown } }).type.attrs]),
        )
        .sort()
    for (let step = 0; step < 300; step++) {
      const op = rnd(10)
      const changed: string[] = []
      let current: string | null | undefined
      if (op < 6 || ids.length === 0) {
        const start = rnd(total - 30)
        const a = createAnnotation(annotations, fragment, {
          kind: ['claim', 'evidence'][rnd(2)]!,
          span: { start, end: start + 1 + rnd(30) },
          creator: 'X',
        })
        ids.push(a.id)
        changed.push(a.id)
      } else if (op < 8) {
        const id = ids.splice(rnd(ids.length), 1)[0]!
        deleteAnnotation(annotations, id)
        changed.push(id)
      } else if (op < 9) {
        const id = ids[rnd(ids.length)]!
        updateAnnotation(annotations, id, { kind: 'statistic', editor: 'Y' })
        changed.push(id)
      } else current = ids[rnd(ids.length)]!
      state = state.apply(state.tr.setMeta(highlightsKey, { changed, current }))
      const fresh = EditorState.create({ doc: state.doc, plugins: [highlightsPlugin(options)] })
      const cur = highlightsKey.getState(state)!.current
      const full = fresh.apply(fresh.tr.setMeta(highlightsKey, { rebuild: true, current: cur }))
      expect(norm(state)).toEqual(norm(full))
    }
  })
})
