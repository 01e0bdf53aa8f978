/**
 * Annotations drawn over the text as highlights coloured by kind. y-prosemirror replaces the
 * whole document on every remote change (y-prosemirror#49), which collapses mapped
 * decorations, so the set is mapped through local transactions only and rebuilt from the
 * anchors (one pass, `resolveAnchors`) after remote ones and whenever the codebook changes.
 * When annotations change, only theirs are redrawn, with the overlap clusters they touch
 * before or after the change. Nothing is built until the document has text: y-prosemirror
 * renders the content in a remote transaction after the view is created.
 */
import {
  ANNOTATIONS,
  type Annotation,
  getAnnotation,
  listAnnotations,
  resolveAnchors,
} from '@warrant/annotations'
import { textMap } from '@warrant/document'
import type { Node } from 'prosemirror-model'
import { type EditorState, Plugin, PluginKey, TextSelection } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
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
  /** Annotations to redraw (added, changed or deleted). */
  changed?: readonly string[]
  current?: string | null
}

/** The key of the highlights plugin (its state and meta). */
export const highlightsKey = new PluginKey<HighlightsState>('warrant-highlights')

interface HighlightRange {
  from: number
  to: number
  id: string
  kind: string
  creator: string
  /** Who and what, as the hover names it: "Claim · Ana". */
  name: string
}

/**
 * The hover names of passages where highlights overlap or nest. A highlight that touches no
 * other carries its own title; within a cluster of overlapping ones, each stretch between two
 * highlight edges gets a titled span naming every highlight over it (outermost first), so the
 * browser's tooltip always lists every annotation under the pointer. One sweep over the edges.
 */
function overlapTitles(ranges: HighlightRange[]): {
  alone: Set<string>
  stretches: Decoration[]
} {
  const alone = new Set<string>()
  const stretches: Decoration[] = []
  let cluster: HighlightRange[] = []
  let clusterEnd = -1
  const close = (): void => {
    if (cluster.length === 1) alone.add(cluster[0]!.id)
    else if (cluster.length > 1) stretches.push(...clusterStretches(cluster))
    cluster = []
  }
  for (const range of ranges) {
    if (range.from >= clusterEnd) {
      close()
      clusterEnd = range.to
    } else {
      clusterEnd = Math.max(clusterEnd, range.to)
    }
    cluster.push(range)
  }
  close()
  return { alone, stretches }
}

// `cluster` is sorted outermost first (by start, longer first at the same start).
function clusterStretches(cluster: HighlightRange[]): Decoration[] {
  const edges = [...new Set(cluster.flatMap((range) => [range.from, range.to]))].sort(
    (a, b) => a - b,
  )
  const stretches: Decoration[] = []
  const active: HighlightRange[] = []
  let next = 0
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!
    const to = edges[i + 1]!
    for (let j = active.length - 1; j >= 0; j--) if (active[j]!.to <= from) active.splice(j, 1)
    while (next < cluster.length && cluster[next]!.from <= from) active.push(cluster[next++]!)
    if (active.length === 0) continue
    stretches.push(
      Decoration.inline(
        from,
        to,
        {
          nodeName: 'span',
          class: 'anno-stretch',
          title: active.map((range) => range.name).join('; '),
        },
        { stretch: true },
      ),
    )
  }
  return stretches
}

function rangesOf(
  annotations: Annotation[],
  doc: Node,
  options: HighlightsOptions,
): HighlightRange[] {
  const anchors = resolveAnchors(annotations, options.fragment)
  const map = textMap(doc)
  const codebook = options.codebook.current()
  const ranges: HighlightRange[] = []
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
        name: `${kindLabel(codebook, annotation.kind)} · ${annotation.creator}`,
      })
  }
  return ranges
}

// `ranges` must hold whole overlap clusters.
function decorate(
  ranges: HighlightRange[],
  options: HighlightsOptions,
  current: string | null,
): Decoration[] {
  const codebook = options.codebook.current()
  // Outer (longer) highlights first so nested ones sit inside them.
  ranges.sort((a, b) => a.from - b.from || b.to - a.to)
  const { alone, stretches } = overlapTitles(ranges)
  const decorations = ranges.map(({ from, to, id, kind, creator, name }) =>
    Decoration.inline(
      from,
      to,
      {
        nodeName: 'span',
        class: `anno anno-${kindClass(kind)}${id === current ? ' is-current' : ''}`,
        style: `--kind: ${kindColour(codebook, kind)}`,
        ...(alone.has(id) ? { title: name } : {}),
        'data-kind': kind,
        'data-creator': creator,
        'data-annotation-id': id,
      },
      { id, kind, creator, name, inclusiveStart: false, inclusiveEnd: false },
    ),
  )
  return [...decorations, ...stretches]
}

function hasText(doc: Node): boolean {
  let found = false
  doc.descendants((node) => {
    if (node.isText) found = true
    return !found
  })
  return found
}

function build(doc: Node, options: HighlightsOptions, current: string | null): DecorationSet {
  if (!hasText(doc)) return DecorationSet.empty
  const ranges = rangesOf(listAnnotations(options.annotations), doc, options)
  return DecorationSet.create(doc, decorate(ranges, options, current))
}

interface Span {
  from: number
  to: number
}

// Sorted, with spans that overlap or touch joined.
function joined(spans: Span[]): Span[] {
  const out: Span[] = []
  for (const { from, to } of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1]
    if (last && from <= last.to) last.to = Math.max(last.to, to)
    else out.push({ from, to })
  }
  return out
}

/**
 * `set` with the highlights of `ids` redrawn from their anchors, along with every overlap
 * cluster they touch before or after. The region to redraw grows from their old and new
 * spans until no other highlight touches its edges, so it holds whole clusters.
 */
function redraw(
  set: DecorationSet,
  doc: Node,
  options: HighlightsOptions,
  current: string | null,
  ids: ReadonlySet<string>,
): DecorationSet {
  if (!hasText(doc)) return set
  const annotations: Annotation[] = []
  for (const id of ids) {
    const annotation = getAnnotation(options.annotations, id)
    if (annotation) annotations.push(annotation)
  }
  const fresh = rangesOf(annotations, doc, options)
  const old = set.find(undefined, undefined, (spec) => ids.has(spec.id) && !spec.stretch)
  const other = (spec: { id?: string; stretch?: boolean }): boolean =>
    !spec.stretch && spec.id !== undefined && !ids.has(spec.id)
  let region = joined([...old, ...fresh])
  if (region.length === 0) return set
  let kept: Decoration[]
  for (;;) {
    kept = region.flatMap(({ from, to }) => set.find(from, to, other))
    const grown = joined([...region, ...kept])
    const same = (span: Span, i: number): boolean =>
      span.from === region[i]!.from && span.to === region[i]!.to
    if (grown.length === region.length && grown.every(same)) break
    region = grown
  }
  const stale = region.flatMap(({ from, to }) => set.find(from, to))
  const ranges = kept.map(({ from, to, spec }) => ({
    from,
    to,
    id: spec.id as string,
    kind: spec.kind as string,
    creator: spec.creator as string,
    name: spec.name as string,
  }))
  return set.remove(stale).add(doc, decorate([...ranges, ...fresh], options, current))
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
        if (meta?.rebuild || remote) return { set: build(state.doc, options, current), current }
        const set = tr.docChanged ? value.set.map(tr.mapping, tr.doc) : value.set
        const ids = new Set(meta?.changed)
        if (current !== value.current) {
          if (value.current !== null) ids.add(value.current)
          if (current !== null) ids.add(current)
        }
        if (ids.size === 0) return set === value.set ? value : { set, current }
        return { set: redraw(set, state.doc, options, current, ids), current }
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
      let rebuild = false
      const changed = new Set<string>()
      // Redraw once per burst of changes, outside any ProseMirror update.
      const flush = (): void => {
        if (queued) return
        queued = true
        queueMicrotask(() => {
          queued = false
          const meta: HighlightsMeta = rebuild ? { rebuild } : { changed: [...changed] }
          rebuild = false
          changed.clear()
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(highlightsKey, meta))
        })
      }
      const onAnnotations = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
        for (const event of events) {
          if (event.path.length > 0) changed.add(String(event.path[0]))
          else if (event instanceof Y.YMapEvent) for (const id of event.keysChanged) changed.add(id)
        }
        flush()
      }
      const onCodebook = (): void => {
        rebuild = true
        flush()
      }
      const map = options.annotations.getMap(ANNOTATIONS)
      map.observeDeep(onAnnotations)
      const stopCodebook = options.codebook.subscribe(onCodebook)
      return {
        destroy: () => {
          map.unobserveDeep(onAnnotations)
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
