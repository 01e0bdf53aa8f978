/**
 * The attributes an annotation records by kind: fixed zod schemas for the built-in kinds of a
 * brief, schemas built from the declared fields of a codebook's custom kinds, and the one
 * validation every write path goes through so that invalid attributes are never stored.
 */
import { z } from 'zod'
import { AnnotationError } from './error'

/** An attribute a custom kind of a codebook declares; every attribute is optional. */
export interface AttributeField {
  key: string
  label: string
  type: 'text' | 'number' | 'date' | 'choice' | 'url'
  /** The values a `choice` field allows (only for `choice`). */
  choices?: string[]
}

/** What attribute validation needs of a codebook (a Codebook is one): its kinds and their fields. */
export interface AttributeCodebook {
  kinds: ReadonlyArray<{ key: string; fields?: readonly AttributeField[] }>
}

/** A CSL-JSON item as an attribute value: a type is required, every other field is kept. */
const cslItem = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string().min(1),
  title: z.string().optional(),
})

/**
 * The attributes of each built-in kind. Every attribute is optional (a passage is tagged
 * first and described later); unknown attributes are refused.
 */
export const attributeSchemas = {
  claim: z.strictObject({
    claimType: z.enum(['factual', 'assessment', 'causal', 'normative']).optional(),
    status: z.enum(['unverified', 'supported', 'disputed', 'refuted']).optional(),
    confidence: z.number().min(0).max(1).optional(),
  }),
  evidence: z.strictObject({
    source: z.union([z.httpUrl(), cslItem]).optional(),
  }),
  prediction: z.strictObject({
    due: z.iso.date().optional(),
    outcome: z.enum(['pending', 'correct', 'incorrect', 'partly', 'void']).optional(),
    resolution: z.string().optional(),
  }),
  statistic: z.strictObject({
    value: z.number().optional(),
    unit: z.string().optional(),
    period: z.string().optional(),
    place: z.string().optional(),
  }),
  source: z.strictObject({
    item: cslItem.optional(),
  }),
  actor: z.strictObject({
    name: z.string().min(1).optional(),
    wikidata: z
      .string()
      .regex(/^Q[1-9]\d*$/, 'a Wikidata item id such as Q423')
      .optional(),
  }),
  recommendation: z.strictObject({}),
} as const

/** The key of a built-in kind. */
export type BuiltinKind = keyof typeof attributeSchemas

/** Whether `key` names a built-in kind (whose attributes are fixed, not declared as fields). */
export function isBuiltinKind(key: string): key is BuiltinKind {
  return Object.hasOwn(attributeSchemas, key)
}

/** The attributes of a claim. */
export type ClaimAttributes = z.infer<typeof attributeSchemas.claim>
/** The attributes of a piece of evidence. */
export type EvidenceAttributes = z.infer<typeof attributeSchemas.evidence>
/** The attributes of a prediction. */
export type PredictionAttributes = z.infer<typeof attributeSchemas.prediction>
/** The attributes of a statistic. */
export type StatisticAttributes = z.infer<typeof attributeSchemas.statistic>
/** The attributes of a source. */
export type SourceAttributes = z.infer<typeof attributeSchemas.source>
/** The attributes of an actor. */
export type ActorAttributes = z.infer<typeof attributeSchemas.actor>

/** The schema of one declared field: every field is optional, like the built-in attributes. */
function fieldSchema(field: AttributeField): z.ZodType {
  switch (field.type) {
    case 'text':
      return z.string()
    case 'number':
      return z.number()
    case 'date':
      return z.iso.date()
    case 'url':
      return z.httpUrl()
    case 'choice': {
      const [first, ...rest] = field.choices ?? []
      return first === undefined ? z.never() : z.enum([first, ...rest])
    }
  }
}

/** The attribute schema of a custom kind built from its declared fields (none: no attributes). */
export function fieldsSchema(fields: readonly AttributeField[] = []): z.ZodType {
  return z.strictObject(
    Object.fromEntries(fields.map((field) => [field.key, fieldSchema(field).optional()])),
  )
}

/** The schema for the attributes of `kind`, or an AnnotationError when the kind is unknown. */
function schemaOf(kind: string, codebook: AttributeCodebook | undefined): z.ZodType {
  if (codebook === undefined) {
    if (isBuiltinKind(kind)) return attributeSchemas[kind]
    throw new AnnotationError(
      'unknown-kind',
      `unknown kind "${kind}": a kind outside the default codebook needs the document's codebook`,
    )
  }
  const found = codebook.kinds.find((k) => k.key === kind)
  if (!found) {
    const keys = codebook.kinds.map((k) => k.key).join(', ')
    throw new AnnotationError('unknown-kind', `unknown kind "${kind}" (one of ${keys})`)
  }
  return isBuiltinKind(kind) ? attributeSchemas[kind] : fieldsSchema(found.fields)
}

/**
 * Parses the attributes of an annotation of `kind` (a built-in kind, or one of `codebook`);
 * throws AnnotationError 'invalid-attributes' naming the field (`attributes.status`) when
 * they do not fit, or 'unknown-kind' when the kind is not known.
 */
export function validateAttributes(
  kind: string,
  attributes: unknown,
  codebook?: AttributeCodebook,
): Record<string, unknown> {
  const result = schemaOf(kind, codebook).safeParse(attributes ?? {})
  if (result.success) return result.data as Record<string, unknown>
  const issue = result.error.issues[0]
  const path = issue?.path.map(String) ?? []
  if (issue?.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '')
  const field = ['attributes', ...path].join('.')
  const message =
    issue?.code === 'unrecognized_keys' ? `kind "${kind}" has no such attribute` : issue?.message
  throw new AnnotationError('invalid-attributes', `${field}: ${message ?? 'invalid'}`, field)
}
