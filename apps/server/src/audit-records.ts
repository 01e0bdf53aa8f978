/**
 * What a change to the records of an annotations doc means for the audit log: given each
 * annotation, relation and comment a transaction touched, before and after (as plain JSON),
 * the entries to record, with details shaped as the HTTP routes shape theirs.
 */
import type { ImportReport } from '@warrant/export'
import type { AuditAction, AuditDetail } from './audit'

/** One record a transaction touched: null before when it was created, null after when deleted. */
export interface AuditRecordChange {
  id: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** The records one transaction touched, by type. */
export type RecordChanges = Record<'annotation' | 'relation' | 'comment', AuditRecordChange[]>

/** An entry to record, without who made it or in which document. */
export interface RecordEntry {
  action: AuditAction
  target: string
  detail: AuditDetail
}

/** An annotation as the audit describes it: its kind, its quote and where the quote was. */
export function annotationDetail(annotation: { kind?: unknown; anchor?: unknown }): AuditDetail {
  const anchor = (annotation.anchor ?? {}) as { exact?: unknown; position?: unknown }
  return {
    kind: annotation.kind ?? null,
    quote: anchor.exact ?? null,
    position: anchor.position ?? null,
  }
}

/** A relation as the audit describes it: its type and ends. */
export function relationDetail(relation: { type?: unknown; from?: unknown; to?: unknown }) {
  return { type: relation.type ?? null, from: relation.from ?? null, to: relation.to ?? null }
}

/** An annotation.update's detail: the annotation now, the fields changed, the kind it had. */
export function annotationUpdateDetail(
  before: { kind?: unknown },
  after: { kind?: unknown; anchor?: unknown },
  fields: string[],
): AuditDetail {
  const previous = fields.includes('kind') ? { previousKind: before.kind ?? null } : {}
  return { ...annotationDetail(after), fields, ...previous }
}

/** Which of an annotation's kind, attributes and note differ between two versions of it. */
export function editedFields(
  before: { kind: string; attributes: Record<string, unknown>; note: string },
  after: { kind: string; attributes: Record<string, unknown>; note: string },
): string[] {
  const { kind, attributes, note } = before
  return changedFields({ kind, attributes, note }, after).filter((field) =>
    ['kind', 'attributes', 'note'].includes(field),
  )
}

// Stamps every change carries; they alone are not a change worth recording.
const stamps = new Set(['modified', 'modifiedBy', 'resolvedBy', 'resolvedAt'])

/** The fields whose values differ, stamps aside. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys]
    .filter((key) => !stamps.has(key))
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort()
}

/**
 * The entries of one transaction. Relations and comments deleted with their annotation are
 * counted in its annotation.delete rather than listed; an anchor change is an
 * annotation.reanchor, other field changes an annotation.update naming the fields.
 */
export function recordEntries(changes: RecordChanges): RecordEntry[] {
  const gone = new Set(changes.annotation.filter((c) => c.before && !c.after).map((c) => c.id))
  const cascaded = (record: Record<string, unknown>, ends: string[]) =>
    ends.some((end) => typeof record[end] === 'string' && gone.has(record[end] as string))
  const entries: RecordEntry[] = []
  for (const { id, before, after } of changes.annotation) {
    if (!before && after) {
      entries.push({ action: 'annotation.create', target: id, detail: annotationDetail(after) })
    } else if (before && !after) {
      const relations = changes.relation.filter((c) => c.before && !c.after && ends(c, id))
      const comments = changes.comment.filter((c) => c.before?.annotation === id && !c.after)
      entries.push({
        action: 'annotation.delete',
        target: id,
        detail: {
          ...annotationDetail(before),
          relations: relations.map((c) => c.id),
          comments: comments.length,
        },
      })
    } else if (before && after) {
      const fields = changedFields(before, after)
      if (fields.includes('anchor')) {
        entries.push({
          action: 'annotation.reanchor',
          target: id,
          detail: { ...annotationDetail(after), previous: annotationDetail(before) },
        })
      }
      const others = fields.filter((field) => field !== 'anchor')
      if (others.length > 0) {
        const detail = annotationUpdateDetail(before, after, others)
        entries.push({ action: 'annotation.update', target: id, detail })
      }
    }
  }
  for (const { id, before, after } of changes.relation) {
    if (!before && after) {
      entries.push({ action: 'relation.create', target: id, detail: relationDetail(after) })
    } else if (before && !after) {
      if (cascaded(before, ['from', 'to'])) continue
      entries.push({ action: 'relation.delete', target: id, detail: relationDetail(before) })
    } else if (before && after) {
      const fields = changedFields(before, after)
      if (fields.length === 0) continue
      const detail = { ...relationDetail(after), fields }
      entries.push({ action: 'relation.update', target: id, detail })
    }
  }
  for (const { id, before, after } of changes.comment) {
    if (!before && after) {
      const detail = { annotation: after.annotation ?? null, parent: after.parent ?? null }
      entries.push({ action: 'comment.create', target: id, detail })
    } else if (before && !after) {
      if (cascaded(before, ['annotation'])) continue
      const detail = { annotation: before.annotation ?? null }
      entries.push({ action: 'comment.delete', target: id, detail })
    } else if (before && after) {
      const fields = changedFields(before, after)
      const detail = { annotation: after.annotation ?? null }
      if (fields.includes('resolved')) {
        const action = after.resolved === true ? 'comment.resolve' : 'comment.reopen'
        entries.push({ action, target: id, detail })
      }
      const others = fields.filter((field) => field !== 'resolved')
      if (others.length > 0) {
        entries.push({
          action: 'comment.update',
          target: id,
          detail: { ...detail, fields: others },
        })
      }
    }
  }
  return entries
}

/** Whether a relation change's record (before) has `annotation` at either end. */
function ends(change: AuditRecordChange, annotation: string): boolean {
  return change.before?.from === annotation || change.before?.to === annotation
}

/** An import's detail: the counts of its report (annotations placed how, relations, threads). */
export function importDetail(report: ImportReport): AuditDetail {
  const { annotations, placed, relations, comments, skipped } = report
  return { annotations, placed, relations, comments, skipped: skipped.length }
}
