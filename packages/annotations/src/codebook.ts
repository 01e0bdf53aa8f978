/**
 * The codebook: the kinds of annotation a team tags passages with (their labels, highlight
 * colours, shortcut keys and, for custom kinds, attribute fields), stored in the content Y.Doc
 * so that editors and owners can change it and everyone sees the change live.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { type AttributeField, isBuiltinKind } from './attributes'
import { AnnotationError } from './error'
import type { WriteOptions } from './layout'

/** Name of the Y.Map of the content Y.Doc holding the codebook (kind key -> plain JSON object). */
export const CODEBOOK = 'codebook'

/** One kind of annotation as the editor shows it. */
export interface Kind {
  key: string
  label: string
  description: string
  /** Highlight colour (#rrggbb), a pastel read under dark text in the light theme. */
  colour: string
  /** The key that tags the selection with this kind ('' for none). */
  shortcut: string
  /** A retired kind is hidden from tagging; its annotations stay. */
  retired?: boolean
  /** The attributes of a custom kind; built-in kinds have their own fixed attributes. */
  fields?: AttributeField[]
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

/**
 * The kind `key` of a codebook, when new annotations may be tagged with it; throws
 * AnnotationError 'unknown-kind' when it is not there, 'retired-kind' when it is retired.
 */
export function taggableKind(codebook: Codebook, key: string): Kind {
  const kind = findKind(codebook, key)
  if (!kind) {
    const keys = codebook.kinds.filter((k) => !k.retired).map((k) => k.key)
    throw new AnnotationError(
      'unknown-kind',
      `unknown kind "${key}" (one of ${keys.join(', ')})`,
      'kind',
    )
  }
  if (kind.retired) {
    throw new AnnotationError(
      'retired-kind',
      `kind "${key}" is retired: new annotations cannot take it`,
      'kind',
    )
  }
  return kind
}

const attributeField = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'an identifier such as dueDate'),
    label: z.string().trim().min(1, 'a label is required'),
    type: z.enum(['text', 'number', 'date', 'choice', 'url']),
    choices: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .refine((field) => (field.type === 'choice') === (field.choices !== undefined), {
    message: 'a choice field, and only a choice field, lists its choices',
    path: ['choices'],
  })

const kindFields = {
  label: z.string().trim().min(1, 'a label is required'),
  description: z.string().max(500).default(''),
  colour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
    .transform((c) => c.toLowerCase()),
  shortcut: z.string().regex(/^\S?$/, 'a single character, or none'),
  retired: z.boolean().optional(),
  fields: z.array(attributeField).optional(),
}

const kindSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a slug of lowercase letters, digits and -'),
  ...kindFields,
})

/** A codebook as writeCodebook accepts it: unique keys and shortcuts, fields on custom kinds. */
const codebookSchema = z.object({ kinds: z.array(kindSchema).min(1) }).superRefine((book, ctx) => {
  const keys = new Set<string>()
  const shortcuts = new Set<string>()
  book.kinds.forEach((kind, i) => {
    const at = (field: string) => ['kinds', i, field]
    if (keys.has(kind.key))
      ctx.addIssue({ code: 'custom', path: at('key'), message: 'a duplicate key' })
    keys.add(kind.key)
    if (kind.shortcut !== '' && shortcuts.has(kind.shortcut)) {
      ctx.addIssue({ code: 'custom', path: at('shortcut'), message: 'a shortcut another kind has' })
    }
    shortcuts.add(kind.shortcut)
    if (kind.fields && isBuiltinKind(kind.key)) {
      const message = 'a built-in kind keeps its own attributes'
      ctx.addIssue({ code: 'custom', path: at('fields'), message })
    }
    const fieldKeys = (kind.fields ?? []).map((f) => f.key)
    fieldKeys.forEach((key, j) => {
      if (fieldKeys.indexOf(key) !== j) {
        ctx.addIssue({
          code: 'custom',
          path: [...at('fields'), j, 'key'],
          message: 'a duplicate field',
        })
      }
    })
  })
})

/** A kind as stored in the codebook map: its fields and its place in the list. */
const storedKind = z.object({ ...kindFields, position: z.number() })

/** The stored kind of `key`, or a stand-in (the default, or a plain grey kind) when malformed. */
function readKind(key: string, value: unknown): Kind & { position: number } {
  const parsed = storedKind.safeParse(value)
  if (parsed.success) {
    const { position, retired, fields, ...rest } = parsed.data
    return {
      key,
      ...rest,
      ...(retired ? { retired } : {}),
      ...(fields ? { fields } : {}),
      position,
    }
  }
  const index = defaultCodebook.kinds.findIndex((k) => k.key === key)
  const fallback = defaultCodebook.kinds[index] ?? {
    key,
    label: key,
    description: '',
    colour: '#e0e0e0',
    shortcut: '',
  }
  const retired = (value as { retired?: unknown } | null)?.retired === true
  const position = index >= 0 ? index : Number.MAX_SAFE_INTEGER
  return { ...fallback, ...(retired ? { retired } : {}), position }
}

/**
 * The codebook of a document from its content Y.Doc: the default codebook while the map is
 * empty; built-in kinds are always there. When concurrent edits gave two kinds one shortcut,
 * the later kind in the list shows none.
 */
export function readCodebook(content: Y.Doc): Codebook {
  const map = content.getMap<unknown>(CODEBOOK)
  const kinds = new Map<string, Kind & { position: number }>()
  for (const [position, kind] of defaultCodebook.kinds.entries()) {
    kinds.set(kind.key, { ...kind, position })
  }
  for (const [key, value] of map.entries()) kinds.set(key, readKind(key, value))
  const sorted = [...kinds.values()].sort(
    (a, b) => a.position - b.position || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  )
  const taken = new Set<string>()
  return {
    kinds: sorted.map(({ position: _, ...kind }) => {
      if (kind.shortcut !== '' && taken.has(kind.shortcut)) return { ...kind, shortcut: '' }
      taken.add(kind.shortcut)
      return kind
    }),
  }
}

/** The plain JSON value a kind is stored as (its key is the map key). */
function storedForm({ key: _, retired, fields, ...rest }: Kind, position: number) {
  return { ...rest, ...(retired ? { retired } : {}), ...(fields ? { fields } : {}), position }
}

/**
 * Replaces the codebook of a document (only the kinds that change are written, so edits of
 * different kinds merge); returns it as read back. Throws AnnotationError 'invalid-codebook'
 * naming the field (`kinds.2.colour`), or 'kind-removed' when a kind is missing: kinds are
 * retired, never removed.
 */
export function writeCodebook(
  content: Y.Doc,
  codebook: Codebook,
  options: WriteOptions = {},
): Codebook {
  const result = codebookSchema.safeParse(codebook)
  if (!result.success) {
    const issue = result.error.issues[0]
    const field = issue?.path.map(String).join('.') || 'kinds'
    throw new AnnotationError('invalid-codebook', `${field}: ${issue?.message ?? 'invalid'}`, field)
  }
  const { kinds } = result.data
  const current = readCodebook(content).kinds
  const keys = new Set(kinds.map((kind) => kind.key))
  for (const kind of current) {
    if (!keys.has(kind.key)) {
      throw new AnnotationError(
        'kind-removed',
        `kind "${kind.key}" cannot be removed: retire it instead`,
        'kinds',
      )
    }
  }
  // Compared with what is read now (defaults included), so a first edit of one kind writes
  // that kind alone and cannot overwrite a concurrent edit of another with its default.
  const before = new Map(current.map((kind, position) => [kind.key, storedForm(kind, position)]))
  const map = content.getMap<unknown>(CODEBOOK)
  content.transact(() => {
    kinds.forEach((kind, position) => {
      const value = storedForm(kind, position)
      if (JSON.stringify(before.get(kind.key)) !== JSON.stringify(value)) map.set(kind.key, value)
    })
  }, options.origin)
  return readCodebook(content)
}
