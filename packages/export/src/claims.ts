/**
 * The claim record (format `claims`): every annotation of a document with its exact quote (and,
 * when drifted, the quote it was made with), locator, health, relations in both directions,
 * thread and citation, the form every other export format is derived from.
 */
import {
  type AnchorHealth,
  type Annotation,
  type Comment,
  quoteAt,
  type Relation,
  type RelationType,
  type ResolvedAnchor,
  type TextSpan,
} from '@warrant/annotations'
import { type CslItem, locate, type TextBlock } from '@warrant/document'
import { type Citation, formatCitation } from './citation'
import type { CitationStyle } from './styles'

/** The version tag of the claim record; a change of shape gets a new one (and a new schema). */
export const CLAIMS_FORMAT = 'warrant.claims/1'

/** The exported document: its identity, the version of the text the positions count in, and its CSL item. */
export interface ClaimsDocument {
  id: string
  title: string
  version: string
  citation: CslItem
}

/** Everything a claims export is built from, read from the document and its annotations. */
export interface ClaimsInput {
  document: ClaimsDocument
  blocks: TextBlock[]
  annotations: Annotation[]
  relations: Relation[]
  comments: Comment[]
  anchors: Map<string, ResolvedAnchor>
  exportedAt: string
  /** The current canonical text; when given, prefix and suffix are taken from it. */
  text?: string
  /** The style every record is cited in; APA when not given. */
  style?: CitationStyle
}

/** Where a record sits, as a citation names it. */
export interface ClaimLocator {
  section: string
  paragraph: number | null
  /** The source page, only where the source had pages (absent otherwise, and for an orphan). */
  page?: number
}

/** The annotation at the other end of a relation; kind and quote are null when it is missing. */
export interface ClaimRelationEnd {
  id: string
  kind: string | null
  quote: string | null
}

/** A relation seen from one of its ends: outgoing when the record is its `from`. */
export interface ClaimRelation {
  id: string
  type: RelationType
  direction: 'outgoing' | 'incoming'
  other: ClaimRelationEnd
  note: string
  creator: string
  created: string
}

/** A comment of the record's thread (the record names its annotation). */
export type ClaimComment = Omit<Comment, 'annotation'>

/** One annotation as exported. */
export interface ClaimRecord {
  id: string
  kind: string
  /** The passage as it reads now (for an orphan, as it read when annotated). */
  quote: string
  /** Only on a drifted record: the passage as it read when annotated. */
  originalQuote?: string
  prefix: string
  suffix: string
  position: TextSpan
  locator: ClaimLocator
  anchor: AnchorHealth
  attributes: Record<string, unknown>
  note: string
  relations: ClaimRelation[]
  comments: ClaimComment[]
  creator: string
  created: string
  modified: string
  modifiedBy: string
  citation: Citation
}

/** The claim record of a document (format `warrant.claims/1`). */
export interface ClaimsExport {
  format: typeof CLAIMS_FORMAT
  document: ClaimsDocument
  exportedAt: string
  records: ClaimRecord[]
}

/** Where an annotation is now (or, when orphaned, was when it was made). */
interface Placement {
  annotation: Annotation
  health: AnchorHealth
  quote: string
  position: TextSpan
}

/** Builds the claim record: records in document order, orphans last by their creation position. */
export function claimsExport(input: ClaimsInput): ClaimsExport {
  const placements = input.annotations.map((a) => place(a, input.anchors.get(a.id)))
  placements.sort(byDocumentOrder)
  const byId = new Map(placements.map((p) => [p.annotation.id, p]))
  const relations = relationsByAnnotation(input.relations, byId)
  const threads = commentsByAnnotation(input.comments)
  const records = placements.map((p) => record(p, input, relations, threads))
  return {
    format: CLAIMS_FORMAT,
    document: input.document,
    exportedAt: input.exportedAt,
    records,
  }
}

/** The current quote and span of an annotation; an unresolved anchor counts as orphaned. */
function place(annotation: Annotation, resolved: ResolvedAnchor | undefined): Placement {
  if (resolved && resolved.health !== 'orphaned' && resolved.span) {
    return { annotation, health: resolved.health, quote: resolved.text, position: resolved.span }
  }
  const { exact, position } = annotation.anchor
  return { annotation, health: 'orphaned', quote: exact, position: { ...position } }
}

function byDocumentOrder(a: Placement, b: Placement): number {
  const orphanA = a.health === 'orphaned' ? 1 : 0
  const orphanB = b.health === 'orphaned' ? 1 : 0
  return (
    orphanA - orphanB ||
    a.position.start - b.position.start ||
    a.position.end - b.position.end ||
    compare(a.annotation.created, b.annotation.created) ||
    compare(a.annotation.id, b.annotation.id)
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function record(
  placement: Placement,
  input: ClaimsInput,
  relations: Map<string, ClaimRelation[]>,
  threads: Map<string, ClaimComment[]>,
): ClaimRecord {
  const { annotation, health, quote, position } = placement
  const context =
    health !== 'orphaned' && input.text !== undefined
      ? quoteAt(input.text, position)
      : annotation.anchor
  // An orphan's creation position may point anywhere in today's text: it gets no locator.
  const where = health === 'orphaned' ? null : locate(input.blocks, position.start)
  const page = where?.page ?? null
  const locator: ClaimLocator = {
    section: where?.section ?? '',
    paragraph: where?.paragraph ?? null,
    ...(page === null ? {} : { page }),
  }
  return {
    id: annotation.id,
    kind: annotation.kind,
    quote,
    ...(health === 'drifted' ? { originalQuote: annotation.anchor.exact } : {}),
    prefix: context.prefix,
    suffix: context.suffix,
    position,
    locator,
    anchor: health,
    attributes: annotation.attributes,
    note: annotation.note,
    relations: relations.get(annotation.id) ?? [],
    comments: threads.get(annotation.id) ?? [],
    creator: annotation.creator,
    created: annotation.created,
    modified: annotation.modified,
    modifiedBy: annotation.modifiedBy,
    citation: formatCitation(input.document.citation, locator, input.style ?? 'apa'),
  }
}

/** Every relation listed under both of its ends, oldest first (a missing end gets no list). */
function relationsByAnnotation(
  relations: Relation[],
  placements: Map<string, Placement>,
): Map<string, ClaimRelation[]> {
  const out = new Map<string, ClaimRelation[]>()
  const add = (at: string, relation: Relation, direction: ClaimRelation['direction']): void => {
    if (!placements.has(at)) return
    const otherId = direction === 'outgoing' ? relation.to : relation.from
    const other = placements.get(otherId)
    const list = out.get(at) ?? []
    list.push({
      id: relation.id,
      type: relation.type,
      direction,
      other: { id: otherId, kind: other?.annotation.kind ?? null, quote: other?.quote ?? null },
      note: relation.note,
      creator: relation.creator,
      created: relation.created,
    })
    out.set(at, list)
  }
  const sorted = [...relations].sort((a, b) => compare(a.created, b.created) || compare(a.id, b.id))
  for (const relation of sorted) {
    add(relation.from, relation, 'outgoing')
    add(relation.to, relation, 'incoming')
  }
  return out
}

/** Each annotation's thread, oldest first. */
function commentsByAnnotation(comments: Comment[]): Map<string, ClaimComment[]> {
  const out = new Map<string, ClaimComment[]>()
  const sorted = [...comments].sort((a, b) => compare(a.created, b.created) || compare(a.id, b.id))
  for (const c of sorted) {
    const list = out.get(c.annotation) ?? []
    list.push({
      id: c.id,
      parent: c.parent,
      text: c.text,
      creator: c.creator,
      created: c.created,
      modified: c.modified,
      modifiedBy: c.modifiedBy,
      resolved: c.resolved,
      resolvedBy: c.resolvedBy,
      resolvedAt: c.resolvedAt,
    })
    out.set(c.annotation, list)
  }
  return out
}
