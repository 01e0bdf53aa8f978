/**
 * The codebook: the kinds of annotation a team tags passages with (their labels,
 * highlight colours and shortcut keys) and the attributes each kind records.
 */
import { z } from 'zod'
import { AnnotationError } from './error'

/** One kind of annotation as the editor shows it. */
export interface Kind {
  key: string
  label: string
  description: string
  /** Highlight colour (#rrggbb), a pastel read under dark text in the light theme. */
  colour: string
  /** The key that tags the selection with this kind. */
  shortcut: string
}

/** The kinds a document's annotations may have. */
export interface Codebook {
  kinds: Kind[]
}

/** The codebook for briefs, in the order of its shortcut keys. */
export const defaultCodebook: Codebook = {
  kinds: [
    {
      key: 'claim',
      label: 'Claim',
      description: 'A statement the brief asserts and a reader could check or dispute.',
      colour: '#ffe97a',
      shortcut: '1',
    },
    {
      key: 'evidence',
      label: 'Evidence',
      description: 'Material that bears on a claim, for it or against it.',
      colour: '#b0e8be',
      shortcut: '2',
    },
    {
      key: 'prediction',
      label: 'Prediction',
      description: 'A statement about the future that a later date will settle.',
      colour: '#b8d9ff',
      shortcut: '3',
    },
    {
      key: 'statistic',
      label: 'Statistic',
      description: 'A number with its unit, period and place.',
      colour: '#ffc29e',
      shortcut: '4',
    },
    {
      key: 'source',
      label: 'Source',
      description: 'A document, dataset or resolution the brief relies on.',
      colour: '#e5c6fa',
      shortcut: '5',
    },
    {
      key: 'actor',
      label: 'Actor',
      description: 'A person, state or organisation that acts in the text.',
      colour: '#9de0e7',
      shortcut: '6',
    },
    {
      key: 'recommendation',
      label: 'Recommendation',
      description: 'A course of action the brief proposes.',
      colour: '#fac2de',
      shortcut: '7',
    },
  ],
}

/** The kind with this key in a codebook, or null. */
export function findKind(codebook: Codebook, key: string): Kind | null {
  return codebook.kinds.find((kind) => kind.key === key) ?? null
}

/** A CSL-JSON item as an attribute value: a type is required, every other field is kept. */
const cslItem = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string().min(1),
  title: z.string().optional(),
})

/**
 * The attributes of each kind of the default codebook. Every attribute is optional
 * (a passage is tagged first and described later); unknown attributes are refused.
 */
export const attributeSchemas = {
  claim: z.strictObject({
    claimType: z.enum(['factual', 'assessment', 'causal', 'normative']).optional(),
    status: z.enum(['unverified', 'supported', 'disputed', 'refuted']).optional(),
    confidence: z.number().min(0).max(1).optional(),
  }),
  evidence: z.strictObject({
    source: z.union([z.url(), cslItem]).optional(),
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

const anyAttributes = z.record(z.string(), z.unknown())

/**
 * Parses the attributes of an annotation of `kind`; throws AnnotationError
 * ('invalid-attributes', naming the field) when they do not fit. Kinds without a
 * schema (from a custom codebook) accept any record.
 */
export function validateAttributes(kind: string, attributes: unknown): Record<string, unknown> {
  const schema = Object.hasOwn(attributeSchemas, kind)
    ? attributeSchemas[kind as keyof typeof attributeSchemas]
    : anyAttributes
  const result = schema.safeParse(attributes ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const unknownKeys = issue?.code === 'unrecognized_keys' ? issue.keys : []
  const field = unknownKeys[0] ?? issue?.path.map(String).join('.') ?? ''
  const where = field === '' ? `${kind} attributes` : `${kind} attribute "${field}"`
  throw new AnnotationError(
    'invalid-attributes',
    `${where}: ${issue?.message ?? 'invalid'}`,
    field || undefined,
  )
}
