/**
 * Importing an export into a document: every annotation is placed by its pinned position or its
 * quote with the rules of anchoring (ambiguous or absent means orphaned, never a guess), then its
 * relations and threads follow under new ids, all in one update, or nothing when any annotation
 * does not fit the document's codebook.
 */
import {
  type Annotation,
  AnnotationError,
  type AnnotationWriteOptions,
  createRelation,
  restoreAnnotations,
  restoreComment,
  restoredAnnotation,
} from '@warrant/annotations'
import { fragmentText } from '@warrant/document'
import { uuidv4 } from 'lib0/random'
import * as Y from 'yjs'
import type { ImportBundle } from './bundle'
import { ExportError } from './error'
import { type PinStatus, pinFinder } from './pinned'

/** The document an import goes into: its two Y.Docs' parts and the version of its text. */
export interface ImportTarget {
  annotations: Y.Doc
  content: Y.XmlFragment
  version: string
}

/** Something of the export that could not be brought in, and why. */
export interface ImportSkip {
  type: 'relation' | 'comment'
  id: string
  reason: string
}

/** What an import did: counts, each exported id's new id, and what it left out. */
export interface ImportReport {
  annotations: number
  /** How many were placed at their pinned position, moved, or orphaned (changed or ambiguous). */
  placed: Record<PinStatus, number>
  relations: number
  comments: number
  /** Exported id → id in the document, for annotations, relations and comments. */
  ids: Record<string, string>
  skipped: ImportSkip[]
}

/**
 * Imports a bundle into `target`; throws ExportError('invalid-import') listing every annotation
 * the codebook refuses, before anything is written. Relations or comments whose other end is
 * not in the export are skipped and listed in the report.
 */
export function importBundle(
  target: ImportTarget,
  bundle: ImportBundle,
  options: AnnotationWriteOptions = {},
): ImportReport {
  const report: ImportReport = {
    annotations: 0,
    placed: { unchanged: 0, moved: 0, changed: 0, ambiguous: 0 },
    relations: 0,
    comments: 0,
    ids: {},
    skipped: [],
  }
  const restored = placeAnnotations(target, bundle, options, report)
  // Everything is written to a scratch copy first, so the document gets one update or none.
  const scratch = new Y.Doc()
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(target.annotations))
  scratch.transact(() => {
    restoreAnnotations(scratch, restored)
    restoreRelations(scratch, bundle, report)
    restoreThreads(scratch, bundle, report)
  })
  const update = Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(target.annotations))
  Y.applyUpdate(target.annotations, update, options.origin)
  scratch.destroy()
  report.annotations = restored.length
  return report
}

function placeAnnotations(
  target: ImportTarget,
  bundle: ImportBundle,
  options: AnnotationWriteOptions,
  report: ImportReport,
): Annotation[] {
  const find = pinFinder({ text: fragmentText(target.content).text, version: target.version })
  const problems: string[] = []
  const restored: Annotation[] = []
  bundle.annotations.forEach((a, index) => {
    const found = find({ version: bundle.version, position: a.position, quote: a.quote })
    try {
      const annotation = restoredAnnotation(
        target.content,
        {
          ...a,
          id: uuidv4(),
          span: found.span,
          position: a.position ?? { start: 0, end: 0 },
        },
        options,
      )
      restored.push(annotation)
      report.ids[a.id] = annotation.id
      report.placed[found.status] += 1
    } catch (error) {
      if (!(error instanceof AnnotationError)) throw error
      problems.push(`annotations[${index}] (${a.id}): ${error.message}`)
    }
  })
  if (problems.length > 0) {
    throw new ExportError('invalid-import', `nothing was imported: ${problems.join('; ')}`)
  }
  return restored
}

function restoreRelations(scratch: Y.Doc, bundle: ImportBundle, report: ImportReport): void {
  for (const r of bundle.relations) {
    const from = report.ids[r.from]
    const to = report.ids[r.to]
    if (from === undefined || to === undefined) {
      const missing = from === undefined ? r.from : r.to
      report.skipped.push({ type: 'relation', id: r.id, reason: `no annotation "${missing}"` })
      continue
    }
    try {
      const made = createRelation(scratch, { ...r, from, to, id: uuidv4(), now: r.created })
      report.ids[r.id] = made.id
      report.relations += 1
    } catch (error) {
      if (!(error instanceof AnnotationError)) throw error
      report.skipped.push({ type: 'relation', id: r.id, reason: error.message })
    }
  }
}

/** Comments parents first (a reply can be older than a re-dated parent), replies skipped with them. */
function restoreThreads(scratch: Y.Doc, bundle: ImportBundle, report: ImportReport): void {
  let pending = [...bundle.comments]
  while (pending.length > 0) {
    const waiting = pending.filter((c) => c.parent !== null && !(c.parent in report.ids))
    const ready = pending.filter((c) => !waiting.includes(c))
    for (const c of ready) {
      const annotation = report.ids[c.annotation]
      if (annotation === undefined) {
        report.skipped.push({
          type: 'comment',
          id: c.id,
          reason: `no annotation "${c.annotation}"`,
        })
        continue
      }
      const parent = c.parent === null ? null : (report.ids[c.parent] ?? null)
      try {
        const made = restoreComment(scratch, { ...c, id: uuidv4(), annotation, parent })
        report.ids[c.id] = made.id
        report.comments += 1
      } catch (error) {
        if (!(error instanceof AnnotationError)) throw error
        report.skipped.push({ type: 'comment', id: c.id, reason: error.message })
      }
    }
    if (ready.length === 0) {
      for (const c of waiting) {
        report.skipped.push({ type: 'comment', id: c.id, reason: `no comment "${c.parent}"` })
      }
      return
    }
    pending = waiting
  }
}
