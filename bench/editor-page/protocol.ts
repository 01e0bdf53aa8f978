/**
 * What the editor benchmark's page offers the Node side that drives it (bench/editor.ts):
 * the highlight plugin variants and the calls `page.evaluate` makes on `window.editorBench`.
 * Types only, so both the page bundle and the Node scenario can import it.
 */

/** Which highlights plugin draws the annotations ('none': the editor alone, the floor). */
export type HighlightsVariant = 'warrant' | 'naive' | 'none'

/** The benchmark document as the page loaded it. */
export interface LoadedWorkload {
  characters: number
  annotations: number
}

/** One mount of the editor. */
export interface MountTiming {
  /** From creating the view to the end of the first frame painted after it (ms). */
  firstPaintMs: number
  /** The synchronous part: creating the view, the first ProseMirror render and its highlights (ms). */
  createMs: number
  /** Distinct annotations drawn as highlights once mounted. */
  highlighted: number
}

/** A long task the page's PerformanceObserver saw. */
export interface LongTask {
  startTime: number
  duration: number
}

/** The benchmark calls the page exposes. */
export interface EditorBench {
  /** Fetches the content and annotations updates and applies them to fresh Y.Docs. */
  load(): Promise<LoadedWorkload>
  /** Mounts the editor with `variant`'s plugin and waits for its first painted frame. */
  mount(variant: HighlightsVariant): Promise<MountTiming>
  /** Destroys the mounted editor. */
  unmount(): void
  /** Places the caret inside the middle paragraph of the text, scrolled into view, focused. */
  placeCaret(): void
  /**
   * Types `count` characters by dispatching one insertText transaction each, then forcing
   * layout; one character per frame. Returns each character's milliseconds.
   */
  typeByDispatch(count: number): Promise<number[]>
  /** Waits for the next painted frame (a frame, then a task after it). */
  nextPaint(): Promise<void>
  /**
   * A collaborator's replica adds one annotation; its update is applied here and timed until
   * the highlight is in the DOM and laid out (with no highlights plugin: until the update is
   * applied and laid out). Returns the milliseconds.
   */
  remoteAnnotation(seed: number): Promise<number>
  /** Every long task seen since the page loaded. */
  longTasks(): LongTask[]
  /** performance.now() in the page, to mark phases. */
  now(): number
}

declare global {
  interface Window {
    editorBench: EditorBench
  }
}
