/**
 * The editor benchmark's page: Warrant's editor (apps/web createEditor, with the app's styles)
 * over a long annotated brief, with either Warrant's highlights plugin or the naive one, and the
 * timed actions bench/editor.ts drives through `window.editorBench`: mounting until the
 * first painted frame, typing, a collaborator's annotation arriving, and the long tasks seen.
 */
import '../../apps/web/src/styles.css'
import { ANNOTATIONS, createAnnotation } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { type LiveCodebook, watchCodebook } from '../../apps/web/src/codebook'
import { createEditor } from '../../apps/web/src/editor'
import { highlightsPlugin } from '../../apps/web/src/highlights'
import { seeded } from '../measure'
import { naiveHighlightsPlugin } from './naive'
import type { EditorBench, HighlightsVariant, LongTask } from './protocol'

const longTasks: LongTask[] = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    longTasks.push({ startTime: entry.startTime, duration: entry.duration })
}).observe({ type: 'longtask', buffered: true })

/** The documents the page works on once loaded. */
interface Workspace {
  content: Y.Doc
  fragment: Y.XmlFragment
  annotations: Y.Doc
  /** A collaborator's replica of the annotations, which sends the remote annotations. */
  remote: Y.Doc
  codebook: LiveCodebook
  awareness: Awareness
}

let workspace: Workspace | null = null
let view: EditorView | null = null
let drawn: HighlightsVariant = 'none'
const host = document.getElementById('editor')!

function loaded(): Workspace {
  if (workspace === null) throw new Error('the workload is not loaded')
  return workspace
}

function mounted(): EditorView {
  if (view === null) throw new Error('no editor is mounted')
  return view
}

async function fetchUpdate(path: string): Promise<Uint8Array> {
  const response = await fetch(path)
  if (!response.ok) throw new Error(`${path}: ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

function nextPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      // A task queued from the frame callback runs once that frame is painted.
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve()
      channel.port2.postMessage(null)
    }),
  )
}

// Distinct annotations drawn in the editor.
function highlighted(root: HTMLElement): number {
  const ids = new Set<string>()
  for (const element of Array.from(root.querySelectorAll('[data-annotation-id]')))
    ids.add(element.getAttribute('data-annotation-id')!)
  return ids.size
}

function highlightOf(id: string): Element | null {
  return host.querySelector(`[data-annotation-id="${CSS.escape(id)}"]`)
}

const bench: EditorBench = {
  async load() {
    const [contentUpdate, annotationsUpdate] = await Promise.all([
      fetchUpdate('/content.bin'),
      fetchUpdate('/annotations.bin'),
    ])
    const content = new Y.Doc()
    Y.applyUpdate(content, contentUpdate)
    const annotations = new Y.Doc()
    Y.applyUpdate(annotations, annotationsUpdate)
    const remote = new Y.Doc()
    Y.applyUpdate(remote, annotationsUpdate)
    const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
    const awareness = new Awareness(content)
    awareness.setLocalStateField('user', { name: 'Bench', color: '#1f5fa8' })
    workspace = {
      content,
      fragment,
      annotations,
      remote,
      codebook: watchCodebook(content),
      awareness,
    }
    return {
      characters: fragmentText(fragment).text.length,
      annotations: annotations.getMap(ANNOTATIONS).size,
    }
  },

  async mount(variant: HighlightsVariant) {
    const { annotations, fragment, codebook, awareness } = loaded()
    if (view !== null) throw new Error('an editor is already mounted')
    const plugins =
      variant === 'warrant'
        ? [highlightsPlugin({ annotations, fragment, codebook, onActivate: () => {} })]
        : variant === 'naive'
          ? [naiveHighlightsPlugin({ annotations, fragment, codebook })]
          : []
    drawn = variant
    const start = performance.now()
    view = createEditor({
      mount: host,
      fragment,
      awareness,
      canEdit: true,
      plugins,
      history: { undo: () => false, redo: () => false },
    })
    const createMs = performance.now() - start
    await nextPaint()
    const firstPaintMs = performance.now() - start
    return { firstPaintMs, createMs, highlighted: highlighted(view.dom) }
  },

  unmount() {
    mounted().destroy()
    view = null
    host.replaceChildren()
  },

  placeCaret() {
    const editor = mounted()
    const paragraphs: Array<{ pos: number; size: number }> = []
    editor.state.doc.descendants((node, pos) => {
      if (node.type.name === 'paragraph' && node.content.size > 80)
        paragraphs.push({ pos: pos + 1, size: node.content.size })
      return !node.isTextblock
    })
    const middle = paragraphs[paragraphs.length >> 1]
    if (middle === undefined) throw new Error('no paragraph to type in')
    const at = middle.pos + (middle.size >> 1)
    editor.dispatch(
      editor.state.tr.setSelection(TextSelection.create(editor.state.doc, at)).scrollIntoView(),
    )
    editor.focus()
  },

  async typeByDispatch(count) {
    const editor = mounted()
    const letters = 'the sanctions '
    const times: number[] = []
    for (let i = 0; i < count; i++) {
      const start = performance.now()
      editor.dispatch(editor.state.tr.insertText(letters[i % letters.length]!).scrollIntoView())
      editor.dom.getBoundingClientRect()
      times.push(performance.now() - start)
      await nextPaint()
    }
    return times
  },

  nextPaint,

  async remoteAnnotation(seed) {
    const { annotations, remote, fragment } = loaded()
    const editor = mounted()
    const gen = seeded(seed)
    const blocks = fragmentText(fragment).blocks.filter((b) => b.end - b.start > 40)
    const block = blocks[gen.int(0, blocks.length - 1)]!
    const length = gen.int(20, Math.min(150, block.end - block.start))
    const from = gen.int(block.start, block.end - length)
    const before = Y.encodeStateVector(remote)
    const { id } = createAnnotation(remote, fragment, {
      kind: ['claim', 'evidence', 'statistic', 'prediction'][seed % 4]!,
      span: { start: from, end: from + length },
      creator: 'Remote',
      now: new Date(Date.UTC(2024, 10, 5, 9, 0, seed)).toISOString(),
    })
    const update = Y.encodeStateAsUpdate(remote, before)
    // The collaborator's work above is not ours to time: apply the update in a task of its own.
    await nextPaint()
    const start = performance.now()
    Y.applyUpdate(annotations, update, 'remote')
    // Both plugins redraw in a microtask queued by the update; this one runs after it.
    await new Promise<void>((resolve) => queueMicrotask(resolve))
    for (let i = 0; drawn !== 'none' && highlightOf(id) === null; i++) {
      if (i === 100) throw new Error(`the remote annotation ${id} was never drawn`)
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    editor.dom.getBoundingClientRect()
    const ms = performance.now() - start
    await nextPaint()
    return ms
  },

  longTasks: () => [...longTasks],
  now: () => performance.now(),
}

window.editorBench = bench
