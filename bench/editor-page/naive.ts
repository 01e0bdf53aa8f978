/**
 * The benchmark's point of comparison: a highlights plugin written the obvious way, the way
 * y-prosemirror's own cursor plugin draws remote selections. On every transaction it reads
 * every annotation from the annotations Y.Doc and resolves each anchor endpoint with its own
 * `relativePositionToAbsolutePosition` call through the sync binding's mapping, then builds a
 * fresh DecorationSet. The highlights carry the same attributes as Warrant's (kind class and
 * colour, ids, a hover title), so the DOM both variants draw is comparable.
 */
import { ANNOTATIONS, listAnnotations } from '@warrant/annotations'
import type { EditorState } from 'prosemirror-state'
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import {
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror'
import * as Y from 'yjs'
import type { LiveCodebook } from '../../apps/web/src/codebook'
import { kindClass, kindColour, kindLabel } from '../../apps/web/src/kinds'

/** Options of `naiveHighlightsPlugin`. */
export interface NaiveHighlightsOptions {
  annotations: Y.Doc
  fragment: Y.XmlFragment
  codebook: LiveCodebook
}

const naiveKey = new PluginKey<DecorationSet>('bench-naive-highlights')

// Every decoration again, one relative position call per anchor endpoint.
function rebuild(state: EditorState, options: NaiveHighlightsOptions): DecorationSet {
  const binding = (ySyncPluginKey.getState(state) as { binding?: ProsemirrorBinding } | undefined)
    ?.binding
  // Before the binding has rendered the fragment, its mapping cannot place anything.
  if (!binding || binding.prosemirrorView === null || binding.mapping.size === 0)
    return DecorationSet.empty
  const doc = options.fragment.doc!
  const size = state.doc.content.size
  const codebook = options.codebook.current()
  const decorations: Decoration[] = []
  for (const annotation of listAnnotations(options.annotations)) {
    const { start, end } = annotation.anchor
    if (start.length === 0 || end.length === 0) continue
    const at = (encoded: Uint8Array) =>
      relativePositionToAbsolutePosition(
        doc,
        options.fragment,
        Y.decodeRelativePosition(encoded),
        binding.mapping,
      )
    const from = at(start)
    const to = at(end)
    if (from === null || to === null || from >= to || to > size) continue
    decorations.push(
      Decoration.inline(
        from,
        to,
        {
          nodeName: 'span',
          class: `anno anno-${kindClass(annotation.kind)}`,
          style: `--kind: ${kindColour(codebook, annotation.kind)}`,
          title: `${kindLabel(codebook, annotation.kind)} · ${annotation.creator}`,
          'data-kind': annotation.kind,
          'data-creator': annotation.creator,
          'data-annotation-id': annotation.id,
        },
        { id: annotation.id, inclusiveStart: false, inclusiveEnd: false },
      ),
    )
  }
  return DecorationSet.create(state.doc, decorations)
}

/** The naive plugin: every decoration rebuilt from scratch on every transaction. */
export function naiveHighlightsPlugin(options: NaiveHighlightsOptions): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: naiveKey,
    state: {
      init: (_config, state) => rebuild(state, options),
      apply: (_tr, _value, _old, state) => rebuild(state, options),
    },
    props: {
      decorations: (state) => naiveKey.getState(state),
    },
    view(view) {
      let queued = false
      // An annotation change is not a ProseMirror transaction: dispatch one (once per burst).
      const onChange = (): void => {
        if (queued) return
        queued = true
        queueMicrotask(() => {
          queued = false
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(naiveKey, true))
        })
      }
      const map = options.annotations.getMap(ANNOTATIONS)
      map.observeDeep(onChange)
      return { destroy: () => map.unobserveDeep(onChange) }
    },
  })
}
