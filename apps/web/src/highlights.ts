/**
 * Annotations drawn over the text as highlights coloured by kind. y-prosemirror replaces the
 * whole document on every remote change (y-prosemirror#49), which collapses mapped
 * decorations, so the set is mapped through local transactions only and rebuilt from the
 * anchors (one pass, `resolveAnchors`) after remote ones and whenever the annotations or the
 * codebook change.
 */
import { ANNOTATIONS, listAnnotations, resolveAnchors } from '@warrant/annotations'
import { textMap } from '@warrant/document'
import type { Node } from 'prosemirror-model'
import { type EditorState, Plugin, PluginKey, TextSelection } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { LiveCodebook } from './codebook'
import { kindClass, kindColour, kindLabel } from './kinds'

/** Options of `highlightsPlugin`. */
export interface HighlightsOptions {
  annotations: Y.Doc
  fragment: Y.XmlFragment
  /** The document's codebook (labels and colours), followed live. */
  codebook: LiveCodebook
  /** Called with the id of the innermost highlight the reader clicks. */
  onActivate(id: string): void
}

interface HighlightsState {
  set: DecorationSet
  current: string | null
}

/** Meta a transaction carries to rebuild the highlights or mark the current annotation. */
export interface HighlightsMeta {
  rebuild?: boolean
  current?: string | null
}

/** The key of the highlights plugin (its state and meta). */
export const highlightsKey = new PluginKey<HighlightsState>('warrant-highlights')

function build(doc: Node, options: HighlightsOptions, current: string | null): DecorationSet {
  const annotations = listAnnotations(options.annotations)
  const anchors = resolveAnchors(annotations, options.fragment)
  const map = textMap(doc)
  const codebook = options.codebook.current()
  const ranges: Array<{ from: number; to: number; id: string; kind: string; creator: string }> = []
  for (const annotation of annotations) {
    const span = anchors.get(annotation.id)?.span
    if (!span) continue
    const from = map.toPos(span.start)
    const to = map.toPos(span.end)
    if (from < to)
      ranges.push({
        from,
        to,
        id: annotation.id,
        kind: annotation.kind,
        creator: annotation.creator,
      })
  }
  // Outer (longer) highlights first so nested ones sit inside them.
  ranges.sort((a, b) => a.from - b.from || b.to - a.to)
  const decorations = ranges.map(({ from, to, id, kind, creator }) =>
    Decoration.inline(
      from,
      to,
      {
        nodeName: 'span',
        class: `anno anno-${kindClass(kind)}${id === current ? ' is-current' : ''}`,
        style: `--kind: ${kindColour(codebook, kind)}`,
        title: `${kindLabel(codebook, kind)} · tagged by ${creator}`,
        'data-kind': kind,
        'data-annotation-id': id,
      },
      { id, inclusiveStart: false, inclusiveEnd: false },
    ),
  )
  return DecorationSet.create(doc, decorations)
}

/** The plugin that draws the annotations of `options.annotations` as highlights. */
export function highlightsPlugin(options: HighlightsOptions): Plugin<HighlightsState> {
  return new Plugin<HighlightsState>({
    key: highlightsKey,
    state: {
      init: (_config, state) => ({ set: build(state.doc, options, null), current: null }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(highlightsKey) as HighlightsMeta | undefined
        const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)
          ?.isChangeOrigin
        const current = meta?.current !== undefined ? meta.current : value.current
        if (meta !== undefined || remote)
          return { set: build(state.doc, options, current), current }
        if (!tr.docChanged) return value
        return { set: value.set.map(tr.mapping, tr.doc), current }
      },
    },
    props: {
      decorations: (state) => highlightsKey.getState(state)?.set,
      handleClick(view, _pos, event) {
        const target = event.target instanceof Element ? event.target : null
        const id = target?.closest('[data-annotation-id]')?.getAttribute('data-annotation-id')
        if (id) {
          markCurrent(view, id)
          options.onActivate(id)
        }
        // The click still places the caret or extends the selection as usual.
        return false
      },
    },
    view(view) {
      let queued = false
      // Rebuild once per burst of annotation changes, outside any ProseMirror update.
      const onChange = (): void => {
        if (queued) return
        queued = true
        queueMicrotask(() => {
          queued = false
          if (!view.isDestroyed)
            view.dispatch(view.state.tr.setMeta(highlightsKey, { rebuild: true }))
        })
      }
      const map = options.annotations.getMap(ANNOTATIONS)
      map.observeDeep(onChange)
      const stopCodebook = options.codebook.subscribe(onChange)
      return {
        destroy: () => {
          map.unobserveDeep(onChange)
          stopCodebook()
        },
      }
    },
  })
}

/** Marks one annotation as the current one (its highlight is outlined). */
export function markCurrent(view: EditorView, id: string | null): void {
  view.dispatch(view.state.tr.setMeta(highlightsKey, { current: id } satisfies HighlightsMeta))
}

/** The current ProseMirror range of an annotation's highlight, or null when it is not drawn. */
export function highlightRange(
  state: EditorState,
  id: string,
): { from: number; to: number } | null {
  const found = highlightsKey
    .getState(state)
    ?.set.find(undefined, undefined, (spec) => spec.id === id)
  if (!found || found.length === 0) return null
  return { from: Math.min(...found.map((d) => d.from)), to: Math.max(...found.map((d) => d.to)) }
}

/** Meta on the transaction that selects a revealed passage (the tagging toolbar stays quiet). */
export const revealMeta = 'warrant-reveal'

/** Selects an annotation's passage, marks it current and scrolls it to the middle of the screen. */
export function revealAnnotation(view: EditorView, id: string): boolean {
  const range = highlightRange(view.state, id)
  if (range === null) return false
  const tr = view.state.tr
    .setSelection(TextSelection.create(view.state.doc, range.from, range.to))
    .setMeta(highlightsKey, { current: id } satisfies HighlightsMeta)
    .setMeta(revealMeta, true)
  view.dispatch(tr)
  view.focus()
  const element = view.dom.querySelector(`[data-annotation-id="${CSS.escape(id)}"]`)
  element?.scrollIntoView({ block: 'center' })
  return true
}
