/**
 * What an importer reads out of an export (`claims` or `w3c`) before anything touches a
 * document: the annotations with their quotes and the positions they had in the exported
 * version, and the relations and threads between them, all still named by their exported ids.
 */
import type { Comment, Relation, TextSpan } from '@warrant/annotations'

/** The passage an imported annotation was made on, as the export quoted it. */
export interface ImportedQuote {
  exact: string
  prefix: string
  suffix: string
}

/** One annotation as an export carried it; `id` is its exported id, which relations name. */
export interface ImportedAnnotation {
  id: string
  kind: string
  quote: ImportedQuote
  /** Where the passage was in the exported version (`ImportBundle.version`); null if unknown. */
  position: TextSpan | null
  attributes: Record<string, unknown>
  note: string
  creator: string
  created: string
  modified: string
  modifiedBy: string
}

/** The annotations, relations and threads of one export, ready to be placed in a document. */
export interface ImportBundle {
  /** The export format they were read from. */
  format: 'claims' | 'w3c'
  /** The version id of the text the positions count in; null when the export named none. */
  version: string | null
  annotations: ImportedAnnotation[]
  /** Relations between exported annotation ids. */
  relations: Relation[]
  /** Comments on exported annotation ids, replies naming their parent's exported id. */
  comments: Comment[]
}
