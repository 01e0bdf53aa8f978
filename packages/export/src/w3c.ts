/**
 * The `w3c` export: a document's claim records as a W3C Web Annotation collection in JSON-LD,
 * so annotation servers and linked-data tools take them in. Every record is an annotation on
 * its passage, every comment a reply annotating its annotation (or the comment it answers),
 * every relation a `linking` annotation between its two ends; what the Web Annotation
 * vocabulary has no term for (anchor health, direction, resolution...) is named by a context
 * of Warrant's own under `urn:warrant:vocab:`, so safe JSON-LD expansion keeps every field.
 */
import type { AnchorHealth, RelationType } from '@warrant/annotations'
import type { CslItem } from '@warrant/document'
import type { ClaimComment, ClaimRecord, ClaimsExport } from './claims'

/** The W3C context every collection names first (the suite's MUSTs require it). */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** Warrant's terms, in the `urn:warrant:vocab:` namespace (no web address to resolve). */
export const WARRANT_CONTEXT = {
  // JSON-LD 1.1 for `@json`: the CSL item stays one JSON literal, expanded and compacted whole.
  '@version': 1.1,
  warrant: 'urn:warrant:vocab:',
  document: { '@id': 'warrant:document', '@type': '@id' },
  version: 'warrant:version',
  citation: { '@id': 'warrant:citation', '@type': '@json' },
  anchorHealth: 'warrant:anchorHealth',
  originalQuote: 'warrant:originalQuote',
  modifiedBy: { '@id': 'warrant:modifiedBy', '@type': '@id' },
  from: { '@id': 'warrant:from', '@type': '@id' },
  to: { '@id': 'warrant:to', '@type': '@id' },
  resolved: 'warrant:resolved',
  resolvedBy: { '@id': 'warrant:resolvedBy', '@type': '@id' },
  resolvedAt: { '@id': 'warrant:resolvedAt', '@type': 'xsd:dateTime' },
} as const

/** The `@context` of a `w3c` export: the W3C context, then Warrant's terms. */
export const W3C_CONTEXT = [ANNO_CONTEXT, WARRANT_CONTEXT] as const

/**
 * Warrant's terms for a document from pages: the term `page` besides, which a record's target
 * carries (the source page of its passage). Only an export that has a page names it, so one
 * without pages reads exactly as it did before pages existed.
 */
export const WARRANT_PAGED_CONTEXT = { ...WARRANT_CONTEXT, page: 'warrant:page' } as const

/** The `@context` of a `w3c` export of a document from pages. */
export const W3C_PAGED_CONTEXT = [ANNO_CONTEXT, WARRANT_PAGED_CONTEXT] as const

/** A person as the Web Annotation model names one. */
export interface W3cAgent {
  type: 'Person'
  name: string
}

/** An embedded text body; `purpose` says what it is for. */
export interface W3cTextualBody {
  type: 'TextualBody'
  purpose?: 'tagging' | 'describing' | 'commenting'
  format?: 'text/plain' | 'application/json'
  value: string
}

/**
 * The passage a record is on: its quote with context, its span in the exported version and,
 * where the source had pages, the page it is on (Warrant's term: the Web Annotation model has
 * none, and a FragmentSelector would point into a PDF the positions do not count in).
 */
export interface W3cTarget {
  type: 'SpecificResource'
  source: string
  page?: number
  selector: [
    { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
    { type: 'TextPositionSelector'; start: number; end: number },
  ]
}

interface W3cAnnotationBase {
  id: string
  type: 'Annotation'
  creator: W3cAgent
  created: string
}

/** A claim record: its kind (tagging), attributes (describing, JSON) and note (commenting). */
export interface W3cRecordAnnotation extends W3cAnnotationBase {
  motivation: 'tagging'
  modified: string
  modifiedBy: W3cAgent
  anchorHealth: AnchorHealth
  /** Only when drifted: the passage as it read when annotated. */
  originalQuote?: string
  body: W3cTextualBody[]
  target: W3cTarget
}

/** A comment: a reply to its annotation, or to the comment it answers. */
export interface W3cReplyAnnotation extends W3cAnnotationBase {
  motivation: 'replying'
  modified: string
  modifiedBy: W3cAgent
  resolved: boolean
  resolvedBy?: W3cAgent
  resolvedAt?: string
  body: W3cTextualBody
  target: string
}

/** A relation: both ends as targets, `from`/`to` for its direction, its type and note as bodies. */
export interface W3cLinkAnnotation extends W3cAnnotationBase {
  motivation: 'linking'
  from: string
  to: string
  body: W3cTextualBody[]
  target: [string, string]
}

/** Any annotation of a `w3c` export. */
export type W3cAnnotation = W3cRecordAnnotation | W3cReplyAnnotation | W3cLinkAnnotation

/** The exported document: its Warrant IRI, title, the version positions count in, its CSL item. */
export interface W3cDocument {
  id: string
  type: 'Text'
  label: string
  version: string
  citation: CslItem
}

/**
 * A `w3c` export: one collection with every annotation on its embedded first page. The
 * annotations carry no `@context` of their own; one taken out alone takes the collection's.
 */
export interface W3cCollection {
  '@context': typeof W3C_CONTEXT | typeof W3C_PAGED_CONTEXT
  id: string
  type: 'AnnotationCollection'
  label: string
  total: number
  generated: string
  document: W3cDocument
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3cAnnotation[] }
}

/** What an IRI of a `w3c` export names. */
export type W3cThing = 'annotation' | 'relation' | 'comment' | 'document' | 'collection'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const WARRANT_IRI = /^urn:warrant:(?:annotation|relation|comment|document|collection):(.+)$/

/** The IRI of a Warrant id: `urn:uuid:<id>` for a UUID, else `urn:warrant:<thing>:<id>`, escaped. */
export function w3cIri(thing: W3cThing, id: string): string {
  if (UUID.test(id) && thing !== 'document' && thing !== 'collection') return `urn:uuid:${id}`
  return `urn:warrant:${thing}:${encodeURIComponent(id)}`
}

/** The plain id an IRI of `w3cIri` names; any other IRI is its own id. */
export function idOfIri(iri: string): string {
  if (iri.startsWith('urn:uuid:')) return iri.slice('urn:uuid:'.length)
  const escaped = WARRANT_IRI.exec(iri)?.[1]
  if (escaped === undefined) return iri
  try {
    return decodeURIComponent(escaped)
  } catch {
    return escaped
  }
}

/**
 * The resource every record targets: the document's own URL when its CSL item has an absolute
 * one (so tools keyed on the web page find the annotations), else its Warrant IRI. Positions
 * count in Warrant's canonical text of `document.version` either way.
 */
export function w3cSource(exported: ClaimsExport): string {
  const url = exported.document.citation.URL
  if (typeof url === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(url)) return url
  return w3cIri('document', exported.document.id)
}

/** The collection of a claims export: records, then their replies, then each relation once. */
export function w3cCollection(exported: ClaimsExport): W3cCollection {
  const source = w3cSource(exported)
  const records = exported.records.map((r) => recordAnnotation(r, source))
  const replies = exported.records.flatMap((r) => r.comments.map((c) => reply(r, c)))
  const items: W3cAnnotation[] = [...records, ...replies, ...links(exported.records)]
  const { document } = exported
  const id = `urn:warrant:collection:${encodeURIComponent(document.id)}:${encodeURIComponent(document.version)}`
  const paged = exported.records.some((r) => r.locator.page !== undefined)
  return {
    '@context': paged ? W3C_PAGED_CONTEXT : W3C_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: document.title,
    total: items.length,
    generated: exported.exportedAt,
    document: {
      id: w3cIri('document', document.id),
      type: 'Text',
      label: document.title,
      version: document.version,
      citation: document.citation,
    },
    first: { id: `${id}#page1`, type: 'AnnotationPage', startIndex: 0, items },
  }
}

function person(name: string): W3cAgent {
  return { type: 'Person', name }
}

function recordAnnotation(record: ClaimRecord, source: string): W3cRecordAnnotation {
  const body: W3cTextualBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: record.kind }]
  if (Object.keys(record.attributes).length > 0) {
    const value = JSON.stringify(record.attributes)
    body.push({ type: 'TextualBody', purpose: 'describing', format: 'application/json', value })
  }
  if (record.note !== '') body.push(commentBody(record.note))
  return {
    id: w3cIri('annotation', record.id),
    type: 'Annotation',
    motivation: 'tagging',
    creator: person(record.creator),
    created: record.created,
    modified: record.modified,
    modifiedBy: person(record.modifiedBy),
    anchorHealth: record.anchor,
    ...(record.originalQuote === undefined ? {} : { originalQuote: record.originalQuote }),
    body,
    target: {
      type: 'SpecificResource',
      source,
      ...(record.locator.page === undefined ? {} : { page: record.locator.page }),
      selector: [
        {
          type: 'TextQuoteSelector',
          exact: record.quote,
          prefix: record.prefix,
          suffix: record.suffix,
        },
        { type: 'TextPositionSelector', start: record.position.start, end: record.position.end },
      ],
    },
  }
}

function commentBody(text: string): W3cTextualBody {
  return { type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: text }
}

/** A comment replies to its parent comment when it has one, else to the record. */
function reply(record: ClaimRecord, comment: ClaimComment): W3cReplyAnnotation {
  const target =
    comment.parent === null ? w3cIri('annotation', record.id) : w3cIri('comment', comment.parent)
  return {
    id: w3cIri('comment', comment.id),
    type: 'Annotation',
    motivation: 'replying',
    creator: person(comment.creator),
    created: comment.created,
    modified: comment.modified,
    modifiedBy: person(comment.modifiedBy),
    resolved: comment.resolved,
    ...(comment.resolvedBy === null ? {} : { resolvedBy: person(comment.resolvedBy) }),
    ...(comment.resolvedAt === null ? {} : { resolvedAt: comment.resolvedAt }),
    body: { type: 'TextualBody', format: 'text/plain', value: comment.text },
    target,
  }
}

/**
 * Each relation once, in the order the records first list it. A relation whose other end is
 * not in the export is kept: its target names the missing annotation's IRI, as the data says.
 */
function links(records: ClaimRecord[]): W3cLinkAnnotation[] {
  const out = new Map<string, W3cLinkAnnotation>()
  for (const record of records) {
    for (const relation of record.relations) {
      if (out.has(relation.id)) continue
      const outgoing = relation.direction === 'outgoing'
      const from = w3cIri('annotation', outgoing ? record.id : relation.other.id)
      const to = w3cIri('annotation', outgoing ? relation.other.id : record.id)
      out.set(relation.id, link(relation.id, relation.type, from, to, relation))
    }
  }
  return [...out.values()]
}

function link(
  id: string,
  type: RelationType,
  from: string,
  to: string,
  relation: { note: string; creator: string; created: string },
): W3cLinkAnnotation {
  const body: W3cTextualBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: type }]
  if (relation.note !== '') body.push(commentBody(relation.note))
  return {
    id: w3cIri('relation', id),
    type: 'Annotation',
    motivation: 'linking',
    creator: person(relation.creator),
    created: relation.created,
    from,
    to,
    body,
    target: [from, to],
  }
}
