/**
 * Reading a claim record back (`claims` as one JSON object, or `jsonl`, one record a line): the
 * annotations with the quotes and positions they had in the exported version, and every relation
 * and comment, checked field by field so a damaged file is refused with the place it went wrong.
 */
import { type Comment, type Relation, relationTypes } from '@warrant/annotations'
import { z } from 'zod'
import type { ImportBundle, ImportedAnnotation } from './bundle'
import { CLAIMS_FORMAT } from './claims'
import { ExportError } from './error'

const text = z.string()
const id = z.string().min(1)
const span = z.object({ start: z.int().min(0), end: z.int().min(0) })

const relation = z.object({
  id,
  type: z.enum(relationTypes),
  direction: z.enum(['outgoing', 'incoming']),
  other: z.object({ id }),
  note: text,
  creator: text,
  created: text,
})

const comment = z.object({
  id,
  parent: id.nullable(),
  text,
  creator: text,
  created: text,
  modified: text,
  modifiedBy: text.optional(),
  resolved: z.boolean(),
  resolvedBy: text.nullable().optional(),
  resolvedAt: text.nullable().optional(),
})

const record = z.object({
  id,
  kind: id,
  quote: text,
  prefix: text,
  suffix: text,
  position: span,
  anchor: z.enum(['anchored', 'drifted', 'orphaned']),
  attributes: z.record(z.string(), z.unknown()),
  note: text,
  relations: z.array(relation),
  comments: z.array(comment),
  creator: text,
  created: text,
  modified: text,
  modifiedBy: text.optional(),
})

const document = z.object({ id, version: text })

const claims = z.object({
  format: z.literal(CLAIMS_FORMAT),
  document,
  records: z.array(record),
})

const line = record.extend({ document })

type ClaimRecordIn = z.output<typeof record>

/** Reads a `claims` export (parsed JSON); throws ExportError('invalid-import') saying where it is wrong. */
export function readClaims(json: unknown): ImportBundle {
  const exported = parse(claims, json, '')
  return bundleOf(exported.document.version, exported.records)
}

/** Reads a `jsonl` export (its text); throws ExportError('invalid-import') naming the bad line. */
export function readClaimsLines(body: string): ImportBundle {
  const records: ClaimRecordIn[] = []
  let version: string | null = null
  body.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      throw new ExportError('invalid-import', `line ${index + 1}: not JSON`)
    }
    const { document: from, ...rest } = parse(line, value, `line ${index + 1}: `)
    version ??= from.version
    records.push(rest)
  })
  return bundleOf(version, records)
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const [issue] = result.error.issues
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
  const at = path && path.length > 0 ? path.join('').replace(/^\./, '') : 'the export'
  throw new ExportError(
    'invalid-import',
    `${where}${at}: ${issue?.message ?? 'not a claim record'}`,
  )
}

function bundleOf(version: string | null, records: ClaimRecordIn[]): ImportBundle {
  const relations = new Map<string, Relation>()
  const comments: Comment[] = []
  for (const r of records) {
    // A relation is listed under both of its ends, or only under the one present.
    for (const rel of r.relations) {
      if (relations.has(rel.id)) continue
      const outgoing = rel.direction === 'outgoing'
      relations.set(rel.id, {
        id: rel.id,
        type: rel.type,
        from: outgoing ? r.id : rel.other.id,
        to: outgoing ? rel.other.id : r.id,
        note: rel.note,
        creator: rel.creator,
        created: rel.created,
      })
    }
    for (const c of r.comments) {
      comments.push({
        id: c.id,
        annotation: r.id,
        parent: c.parent,
        text: c.text,
        creator: c.creator,
        created: c.created,
        modified: c.modified,
        modifiedBy: c.modifiedBy ?? c.creator,
        resolved: c.resolved,
        resolvedBy: c.resolvedBy ?? null,
        resolvedAt: c.resolvedAt ?? null,
      })
    }
  }
  return {
    format: 'claims',
    version,
    annotations: records.map(annotationOf),
    relations: [...relations.values()],
    comments,
  }
}

function annotationOf(r: ClaimRecordIn): ImportedAnnotation {
  return {
    id: r.id,
    kind: r.kind,
    quote: { exact: r.quote, prefix: r.prefix, suffix: r.suffix },
    position: r.position,
    attributes: r.attributes,
    note: r.note,
    creator: r.creator,
    created: r.created,
    modified: r.modified,
    modifiedBy: r.modifiedBy ?? r.creator,
  }
}
