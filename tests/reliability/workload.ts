/**
 * The seeded edits of the fault tests: text typed into and deleted from the paragraphs of a
 * document's content, and annotations created, edited and deleted (with comments and relations)
 * through the annotations package, as a reader of the document would make them.
 */
import {
  AnnotationError,
  addComment,
  createAnnotation,
  createRelation,
  deleteAnnotation,
  listAnnotations,
  updateAnnotation,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'

/** The kinds the workload tags with (their attributes are all optional). */
const kinds = ['claim', 'evidence', 'statistic', 'actor', 'recommendation'] as const

/** The operations, with how often each is picked. */
const weights = {
  insert: 5,
  delete: 3,
  create: 3,
  note: 2,
  comment: 1,
  relation: 1,
  remove: 1,
} as const

/** An operation of the workload. */
export type OperationKind = keyof typeof weights

/** A document as one reader holds it: its content doc and its annotations doc. */
export interface ReaderDocs {
  content: Y.Doc
  annotations: Y.Doc
}

/** Picks an operation kind by weight. */
function pick(gen: prng.PRNG): OperationKind {
  const entries = Object.entries(weights) as Array<[OperationKind, number]>
  let roll = prng.int32(gen, 0, entries.reduce((sum, [, weight]) => sum + weight, 0) - 1)
  for (const [kind, weight] of entries) {
    roll -= weight
    if (roll < 0) return kind
  }
  return 'insert'
}

/**
 * Makes one random edit as `who`; returns its kind, or null when the document offered nothing
 * to do it on (no text to delete, no annotation to edit) or the package refused it.
 */
export function randomOperation(
  gen: prng.PRNG,
  docs: ReaderDocs,
  who: string,
): OperationKind | null {
  const kind = pick(gen)
  try {
    return apply(gen, kind, docs, who) ? kind : null
  } catch (error) {
    // The package refuses some random choices (a relation to a kind that cannot take it).
    if (error instanceof AnnotationError) return null
    throw error
  }
}

function apply(gen: prng.PRNG, kind: OperationKind, docs: ReaderDocs, who: string): boolean {
  const fragment = docs.content.getXmlFragment(CONTENT_FRAGMENT)
  const text = fragmentText(fragment)
  const annotations = listAnnotations(docs.annotations)
  const annotation = annotations.length > 0 ? prng.oneOf(gen, annotations) : null
  switch (kind) {
    case 'insert': {
      const at = text.typeIndexAt(prng.int32(gen, 0, text.text.length))
      if (!(at.type instanceof Y.XmlText)) return false
      at.type.insert(at.index, `${prng.word(gen, 1, 8)} `)
      return true
    }
    case 'delete': {
      if (text.text.length === 0) return false
      const at = text.typeIndexAt(prng.int32(gen, 0, text.text.length - 1))
      if (!(at.type instanceof Y.XmlText) || at.index >= at.type.length) return false
      at.type.delete(at.index, Math.min(prng.int32(gen, 1, 6), at.type.length - at.index))
      return true
    }
    case 'create': {
      const length = text.text.length
      if (length < 2) return false
      const start = prng.int32(gen, 0, length - 2)
      const end = Math.min(length, start + prng.int32(gen, 1, 24))
      createAnnotation(docs.annotations, fragment, {
        kind: prng.oneOf(gen, [...kinds]),
        span: { start, end },
        creator: who,
        note: prng.word(gen, 0, 12),
      })
      return true
    }
    case 'note':
      if (!annotation) return false
      updateAnnotation(docs.annotations, annotation.id, {
        note: prng.word(gen, 1, 16),
        editor: who,
      })
      return true
    case 'comment':
      if (!annotation) return false
      addComment(docs.annotations, {
        annotation: annotation.id,
        text: prng.word(gen, 1, 16),
        creator: who,
      })
      return true
    case 'relation': {
      const other = annotations.length > 1 ? prng.oneOf(gen, annotations) : null
      if (!annotation || !other || other.id === annotation.id) return false
      createRelation(docs.annotations, {
        type: 'qualifies',
        from: annotation.id,
        to: other.id,
        creator: who,
      })
      return true
    }
    case 'remove':
      if (!annotation) return false
      deleteAnnotation(docs.annotations, annotation.id)
      return true
  }
}

/** A short document for the fault tests: a heading and a few paragraphs. */
export function trialMarkdown(title: string): string {
  const paragraphs = [
    'The ministry expects exports to recover by the end of the year, citing new trade routes.',
    'Observers note that the summit produced no joint statement, only separate readouts.',
    'Grain prices rose by 12 percent in the second quarter according to the agency.',
    'A delegation is expected to visit in October to discuss energy cooperation.',
  ]
  return `# ${title}\n\n${paragraphs.join('\n\n')}\n`
}
