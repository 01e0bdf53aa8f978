/**
 * The annotation model: what a reader records about a passage (an annotation of
 * some kind, anchored to the text), how annotations relate to one another, and the
 * threads discussing them. Plain data; storage and anchoring live beside it.
 */

/** How well an annotation still sits on its text. */
export type AnchorHealth = 'anchored' | 'drifted' | 'orphaned'

/** A passage by its exact text and up to 32 characters of context either side. */
export interface TextQuote {
  exact: string
  prefix: string
  suffix: string
}

/** A span of the canonical plain text, in UTF-16 code units; `end` is exclusive. */
export interface TextSpan {
  start: number
  end: number
}

/**
 * Where an annotation sits: Yjs relative positions into the document's content
 * (the primary anchor, which follows the text through edits) plus the quote and
 * text position captured when it was made (the fallback and the record).
 */
export interface Anchor extends TextQuote {
  /** `Y.encodeRelativePosition` of the start, associated to the right. */
  start: Uint8Array
  /** `Y.encodeRelativePosition` of the end, associated to the left. */
  end: Uint8Array
  /** The text position at creation. */
  position: TextSpan
}

/** A tagged passage. `kind` is a key of the document's codebook. */
export interface Annotation {
  id: string
  kind: string
  anchor: Anchor
  attributes: Record<string, unknown>
  note: string
  creator: string
  created: string
  modified: string
  /** Who made the last change (the creator until someone edits it). */
  modifiedBy: string
}

/**
 * The ways one annotation can bear on another: evidence `supports`, `contradicts` or
 * `qualifies` a claim; an annotation `cites` a source, is `about` an actor; evidence
 * `resolves` a prediction.
 */
export const relationTypes = [
  'supports',
  'contradicts',
  'qualifies',
  'cites',
  'about',
  'resolves',
] as const

/** One of `relationTypes`. */
export type RelationType = (typeof relationTypes)[number]

/** The kind the `to` end of a relation must have, for the types that constrain it. */
export const relationTargets: Readonly<Partial<Record<RelationType, string>>> = {
  cites: 'source',
  about: 'actor',
  resolves: 'prediction',
}

/** A typed link from one annotation to another (evidence `supports` a claim). */
export interface Relation {
  id: string
  type: RelationType
  from: string
  to: string
  note: string
  creator: string
  created: string
}

/** A message in the thread of an annotation; `parent` is the comment it replies to. */
export interface Comment {
  id: string
  annotation: string
  parent: string | null
  text: string
  creator: string
  created: string
  /** When the text was last edited (`created` until then). */
  modified: string
  /** Who last edited the text (the creator until then). */
  modifiedBy: string
  resolved: boolean
  /** Who resolved the comment; null while it is open. */
  resolvedBy: string | null
  /** When it was resolved; null while it is open. */
  resolvedAt: string | null
}

/** Where an annotation is now: its current span and text, and its health. */
export interface ResolvedAnchor {
  health: AnchorHealth
  /** The current span; null when orphaned. */
  span: TextSpan | null
  /** The text under the current span (the quote as it reads now); '' when orphaned. */
  text: string
}
