/**
 * How the API answers an annotation: its wire form, the stored quote, its anchor's health and,
 * when the passage was edited (drifted), the text under the anchor now beside the quote.
 */
import {
  type AnchorHealth,
  type Annotation,
  type AnnotationJSON,
  annotationToJSON,
  type ResolvedAnchor,
} from '@warrant/annotations'

/** An annotation as the API answers it. */
export interface AnnotationView extends AnnotationJSON {
  /** The quote stored when the annotation was made (`anchor.exact`). */
  quote: string
  /** How well the anchor sits on the text now. */
  health: AnchorHealth
  /** The text under the anchor now, when drifted (it differs from `quote`); null otherwise. */
  current: string | null
  /** Where the anchor resolves now: health, current span (null when orphaned) and text. */
  resolved: ResolvedAnchor
}

const orphaned: ResolvedAnchor = { health: 'orphaned', span: null, text: '' }

/** The view of `annotation` resolved as `resolved` (an unresolved one counts as orphaned). */
export function annotationView(
  annotation: Annotation,
  resolved: ResolvedAnchor | undefined,
): AnnotationView {
  const anchor = resolved ?? orphaned
  return {
    ...annotationToJSON(annotation),
    quote: annotation.anchor.exact,
    health: anchor.health,
    current: anchor.health === 'drifted' ? anchor.text : null,
    resolved: anchor,
  }
}
