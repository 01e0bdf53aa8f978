/**
 * Reading a W3C Web Annotation collection back: Warrant's own `w3c` export, or annotations from
 * other tools (a page, an array, one annotation). A `replying` annotation is a comment, a
 * `linking` one a relation, any other a record placed by its TextQuoteSelector. Each piece is
 * checked where it is read, so a damaged file is refused with the place it went wrong.
 *
 * A record's kind is its tagging body (one naming a built-in kind wins when there are several);
 * without one it is `note`, which the document's codebook must then know, or the import is
 * refused by name rather than guessed. Its note joins the commenting bodies, the untagged text
 * bodies and `bodyValue`; its attributes are the JSON of its describing `application/json` body.
 * Other tags, and bodies that are links rather than text, have no place in a record and are left.
 */
import { type Comment, defaultCodebook, type Relation, relationTypes } from '@warrant/annotations'
import { z } from 'zod'
import type { ImportBundle, ImportedAnnotation } from './bundle'
import { ExportError } from './error'
import { idOfIri } from './w3c'

const oneOrMany = (error: string) => z.union([z.string(), z.array(z.string())], { error })
const ANNOTATION = 'expected type "Annotation"'
const AGENT = 'expected an agent (a name or IRI, or an object with a name)'
const named = z.object({ name: z.string().optional(), id: z.string().optional() })
const agent = z.union([z.string(), named], { error: AGENT })
const header = z.object({
  id: z.string().min(1),
  type: oneOrMany(ANNOTATION).refine((t) => [t].flat().includes('Annotation'), ANNOTATION),
  motivation: oneOrMany('expected a motivation or a list of them').optional(),
  creator: z.union([agent, z.array(agent)], { error: AGENT }).optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
  modifiedBy: agent.optional(),
  bodyValue: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  resolved: z.boolean().optional(),
  resolvedBy: agent.optional(),
  resolvedAt: z.string().optional(),
})
const textualBody = z.object({
  value: z.string(),
  purpose: oneOrMany('expected a purpose or a list of them').optional(),
  format: z.string().optional(),
})
const quoteSelector = z.object({
  exact: z.string(),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
})
const positionSelector = z
  .object({ start: z.int().min(0), end: z.int().min(0) })
  .refine((s) => s.end >= s.start, 'end before start')
const reference = z.union(
  [z.string(), z.object({ id: z.string() }), z.object({ source: z.string() })],
  { error: 'expected the IRI of an annotation or a comment' },
)

type Header = z.output<typeof header>
type Agent = z.output<typeof agent>
type Text = z.output<typeof textualBody> & { at: string }
/** A comment before its thread is known: `target` is the id its reply annotation targets. */
type Reply = { comment: Comment; target: string }

const builtinKinds = new Set(defaultCodebook.kinds.map((k) => k.key))
const isRelationType = (value: string): value is Relation['type'] =>
  (relationTypes as readonly string[]).includes(value)

/** Reads a `w3c` export (parsed JSON); throws ExportError('invalid-import') saying where it is wrong. */
export function readW3c(json: unknown): ImportBundle {
  const { version, items, at, single } = annotationsOf(json)
  const annotations: ImportedAnnotation[] = []
  const relations: Relation[] = []
  const replies: Reply[] = []
  items.forEach((item, index) => {
    const path = single ? '' : `${at}[${index}]`
    const head = parse(header, item, path)
    const value = item as Record<string, unknown>
    const motivation = [head.motivation ?? []].flat()
    if (motivation.includes('replying')) replies.push(reply(head, value, path))
    else if (motivation.includes('linking')) relations.push(relation(head, value, path))
    else annotations.push(record(head, value, path))
  })
  return { format: 'w3c', version, annotations, relations, comments: threads(replies) }
}

/** Where the annotations were found: `at` is their path, `single` when the file is one. */
type Listed = { version: string | null; items: unknown[]; at: string; single: boolean }

/** The annotations of a collection, a page, an array of them or a single one, with the version. */
function annotationsOf(json: unknown): Listed {
  if (Array.isArray(json)) return { version: null, items: json, at: '', single: false }
  if (typeof json !== 'object' || json === null) {
    fail('the collection', 'expected a JSON object (a W3C annotation collection)')
  }
  const value = json as Record<string, unknown>
  const types = [value.type].flat()
  if (types.includes('Annotation')) return { version: null, items: [value], at: '', single: true }
  if (types.includes('AnnotationPage')) {
    return { version: null, items: page(value, ''), at: 'items', single: false }
  }
  if (!types.includes('AnnotationCollection')) {
    fail('type', 'expected an AnnotationCollection, an AnnotationPage or an Annotation')
  }
  const document = parse(z.object({ version: z.string() }).optional(), value.document, 'document')
  const first =
    Array.isArray(value.first) && value.first.length === 1 ? value.first[0] : value.first
  const version = document?.version ?? null
  if (first === undefined) return { version, items: [], at: '', single: false }
  if (typeof first !== 'object' || first === null) {
    fail('first', 'the annotations are not embedded (only a page link); expected the page itself')
  }
  const items = page(first as Record<string, unknown>, 'first.')
  return { version, items, at: 'first.items', single: false }
}

function page(value: Record<string, unknown>, at: string): unknown[] {
  if (value.next !== undefined) {
    fail(`${at}next`, 'the annotations go on over more pages; expected them all on one page')
  }
  return parse(z.array(z.unknown()), value.items, `${at}items`)
}

function record(head: Header, value: Record<string, unknown>, path: string): ImportedAnnotation {
  const { quote, position } = passage(value, path)
  const texts = textBodies(value, path)
  const tags = texts.filter((b) => purposes(b).includes('tagging')).map((b) => b.value)
  const creator = nameOf(head.creator)
  const created = head.created ?? ''
  return {
    id: idOfIri(head.id),
    kind: tags.find((t) => builtinKinds.has(t)) ?? tags[0] ?? 'note',
    quote: { exact: quote.exact, prefix: quote.prefix ?? '', suffix: quote.suffix ?? '' },
    position,
    attributes: attributesOf(texts),
    note: noteOf(texts, head.bodyValue),
    creator,
    created,
    modified: head.modified ?? created,
    modifiedBy: head.modifiedBy === undefined ? creator : nameOf(head.modifiedBy),
  }
}

/** The first target with a TextQuoteSelector: its quote, and its TextPositionSelector if any. */
function passage(
  value: Record<string, unknown>,
  path: string,
): { quote: z.output<typeof quoteSelector>; position: z.output<typeof positionSelector> | null } {
  const targets = [value.target ?? []].flat()
  if (targets.length === 0) fail(join(path, 'target'), 'missing: a record needs its passage')
  for (const [t, target] of targets.entries()) {
    if (typeof target !== 'object' || target === null) continue
    const at = join(path, Array.isArray(value.target) ? `target[${t}].selector` : 'target.selector')
    const selector = (target as Record<string, unknown>).selector
    let quote: z.output<typeof quoteSelector> | null = null
    let position: z.output<typeof positionSelector> | null = null
    for (const [i, s] of [selector ?? []].flat().entries()) {
      const where = Array.isArray(selector) ? `${at}[${i}]` : at
      const type = typeof s === 'object' && s !== null ? (s as { type?: unknown }).type : undefined
      if (type === 'TextQuoteSelector') quote ??= parse(quoteSelector, s, where)
      if (type === 'TextPositionSelector') position ??= parse(positionSelector, s, where)
    }
    if (quote !== null) return { quote, position }
  }
  fail(join(path, 'target'), 'no TextQuoteSelector: a record is placed by its quote')
}

function reply(head: Header, value: Record<string, unknown>, path: string): Reply {
  const target = parse(reference, value.target, join(path, 'target'))
  const text = [...textBodies(value, path).map((b) => b.value), head.bodyValue ?? []].flat()
  if (text.length === 0) fail(join(path, 'body'), 'a reply without text')
  const creator = nameOf(head.creator)
  const created = head.created ?? ''
  const comment: Comment = {
    id: idOfIri(head.id),
    annotation: '',
    parent: null,
    text: text.join('\n\n'),
    creator,
    created,
    modified: head.modified ?? created,
    modifiedBy: head.modifiedBy === undefined ? creator : nameOf(head.modifiedBy),
    resolved: head.resolved ?? false,
    resolvedBy: head.resolvedBy === undefined ? null : nameOf(head.resolvedBy),
    resolvedAt: head.resolvedAt ?? null,
  }
  return { comment, target: idOfIri(iriOf(target)) }
}

function relation(head: Header, value: Record<string, unknown>, path: string): Relation {
  const texts = textBodies(value, path)
  const type = texts.find((b) => purposes(b).includes('tagging') && isRelationType(b.value))
  const types = relationTypes.join(', ')
  if (type === undefined) fail(join(path, 'body'), `a link needs a tagging body of ${types}`)
  let ends = [head.from, head.to]
  if (ends.some((end) => end === undefined)) {
    ends = parse(z.array(reference).length(2), value.target, join(path, 'target')).map(iriOf)
  }
  return {
    id: idOfIri(head.id),
    type: type.value as Relation['type'],
    from: idOfIri(ends[0]!),
    to: idOfIri(ends[1]!),
    note: noteOf(texts, head.bodyValue),
    creator: nameOf(head.creator),
    created: head.created ?? '',
  }
}

/**
 * Each reply under its annotation: one that targets a comment of the export answers it and
 * belongs to that comment's annotation; any other target is the annotation itself.
 */
function threads(replies: Reply[]): Comment[] {
  const byId = new Map(replies.map((r) => [r.comment.id, r]))
  return replies.map(({ comment, target }) => {
    let annotation = target
    const seen = new Set([comment.id])
    while (byId.has(annotation)) {
      if (seen.has(annotation)) fail(`comment ${comment.id}`, 'its replies go round in a circle')
      seen.add(annotation)
      annotation = byId.get(annotation)!.target
    }
    return { ...comment, annotation, parent: byId.has(target) ? target : null }
  })
}

/** The text bodies of an annotation, checked; bodies that are links or resources are left. */
function textBodies(value: Record<string, unknown>, path: string): Text[] {
  const bodies = [value.body ?? []].flat()
  return bodies.flatMap((body, i) => {
    if (typeof body !== 'object' || body === null || !('value' in body)) return []
    const at = Array.isArray(value.body) ? join(path, `body[${i}]`) : join(path, 'body')
    return [{ ...parse(textualBody, body, at), at }]
  })
}

function purposes(body: Text): string[] {
  return [body.purpose ?? []].flat()
}

function isJson(body: Text): boolean {
  return purposes(body).includes('describing') && body.format === 'application/json'
}

function attributesOf(texts: Text[]): Record<string, unknown> {
  const body = texts.find(isJson)
  if (body === undefined) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.value)
  } catch {
    fail(`${body.at}.value`, 'the attributes are not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(`${body.at}.value`, 'the attributes are not a JSON object')
  }
  return parsed as Record<string, unknown>
}

function noteOf(texts: Text[], bodyValue: string | undefined): string {
  const notes = texts.filter((b) => {
    const p = purposes(b)
    return p.includes('commenting') || p.length === 0 || (p.includes('describing') && !isJson(b))
  })
  return [...notes.map((b) => b.value), bodyValue ?? []].flat().join('\n\n')
}

function nameOf(agent: Agent | Agent[] | undefined): string {
  const first = [agent ?? []].flat()[0]
  if (first === undefined || typeof first === 'string') return first ?? ''
  return first.name ?? first.id ?? ''
}

function iriOf(ref: z.output<typeof reference>): string {
  if (typeof ref === 'string') return ref
  return 'id' in ref ? ref.id : ref.source
}

function parse<T extends z.ZodType>(schema: T, value: unknown, path: string): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const [issue] = result.error.issues
  const rest = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
  const at = `${path}${rest.join('')}`.replace(/^\./, '')
  fail(at === '' ? 'the collection' : at, issue?.message ?? 'not a W3C annotation')
}

/** `path.field`, or `field` alone at the top of the file. */
function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`
}

function fail(at: string, what: string): never {
  throw new ExportError('invalid-import', `${at}: ${what}`)
}
