/**
 * One reading of everything the sidebar's tabs show, taken once per render: the annotations in
 * document order (orphans, having no place, last), where each sits now, the relations, the
 * threads, the choices a link form offers, the codebook and today's date. Every tab draws
 * from the same snapshot, so their counts always agree.
 */
import {
  type Annotation,
  type Codebook,
  type Comment,
  listAnnotations,
  listComments,
  listRelations,
  type Relation,
  type ResolvedAnchor,
  resolveAnchors,
} from '@warrant/annotations'
import type * as Y from 'yjs'
import { quoteOf } from './card'
import type { LinkChoice } from './linking'
import { localDay } from './predictions-due'
import { documentOrder } from './sidebar-order'

/** What the sidebar shows, as of one moment. */
export interface SidebarSnapshot {
  /** Every annotation in document order; orphans last. */
  annotations: Annotation[]
  anchors: Map<string, ResolvedAnchor>
  byId: Map<string, Annotation>
  relations: Relation[]
  /** The comments of each annotation, oldest first. */
  comments: Map<string, Comment[]>
  /** The annotations a link form offers. */
  choices: LinkChoice[]
  codebook: Codebook
  /** The reader's calendar day, YYYY-MM-DD. */
  today: string
}

/** Reads the annotations doc, anchored against `fragment`, with the codebook as it is now. */
export function takeSnapshot(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  codebook: Codebook,
): SidebarSnapshot {
  const listed = listAnnotations(doc)
  const anchors = resolveAnchors(listed, fragment)
  const comments = new Map<string, Comment[]>()
  for (const comment of listComments(doc)) {
    const thread = comments.get(comment.annotation)
    if (thread) thread.push(comment)
    else comments.set(comment.annotation, [comment])
  }
  const annotations = documentOrder(listed, (id) => anchors.get(id)?.span?.start ?? null)
  return {
    annotations,
    anchors,
    byId: new Map(annotations.map((a) => [a.id, a])),
    relations: listRelations(doc),
    comments,
    choices: annotations.map((a) => ({
      id: a.id,
      kind: a.kind,
      quote: quoteOf(a, anchors.get(a.id)),
    })),
    codebook,
    today: localDay(new Date()),
  }
}

/** The quote to show for annotation `id` of the snapshot ('' when there is none). */
export function snapshotQuote(snapshot: SidebarSnapshot, id: string): string {
  const annotation = snapshot.byId.get(id)
  return annotation ? quoteOf(annotation, snapshot.anchors.get(id)) : ''
}
