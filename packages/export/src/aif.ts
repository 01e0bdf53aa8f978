/**
 * The `aif` export: the claim–evidence graph of a document in the AIFdb JSON shape, so
 * argument-mapping tools (OVA, AIFdb, arguebuf) can draw and analyse it. Claims, evidence and
 * every passage a `supports` or `contradicts` relation touches are I-nodes whose text is the
 * quote; a `supports` relation is an RA-node ('Default Inference') and a `contradicts` relation
 * a CA-node ('Default Conflict'), each with an edge from the bearing passage and one to the
 * passage it bears on. Nodes and edges keep exactly the four AIFdb fields; the way back from a
 * node to its record (id, quote, locator, citation) and from an S-node to its relation sits in
 * a side table, `warrant`, keyed by nodeID, which AIF readers ignore. Node ids are the record and
 * relation ids and edge ids are derived from the relation's, so they are the same on every run.
 * A relation with a missing end (a dangling one) is skipped, as is one AIF has no scheme for
 * (qualifies, cites, about, resolves); both are listed in `warrant.skipped` with the reason.
 */
import type { AnchorHealth, RelationType } from '@warrant/annotations'
import type { ClaimLocator, ClaimRecord, ClaimRelation, ClaimsExport } from './claims'

/** The node types this export writes: information, inference (RA) and conflict (CA). */
export type AifNodeType = 'I' | 'RA' | 'CA'

/** A node as AIFdb writes one; `timestamp` is 'YYYY-MM-DD HH:MM:SS' (UTC). */
export interface AifNode {
  nodeID: string
  text: string
  type: AifNodeType
  timestamp: string
}

/** A directed edge as AIFdb writes one. */
export interface AifEdge {
  edgeID: string
  fromID: string
  toID: string
  formEdgeID: null
}

/** Where an I-node's passage is: the record, its quote, locator and formatted citation. */
export interface AifPassage {
  record: string
  kind: string
  quote: string
  /** Only for a drifted record: the passage as it read when annotated. */
  originalQuote?: string
  anchor: AnchorHealth
  locator: ClaimLocator
  citation: string
}

/** The relation an S-node stands for. */
export interface AifLink {
  relation: string
  type: 'supports' | 'contradicts'
  note: string
  creator: string
}

/** A relation left out of the graph, and why. */
export interface AifSkipped {
  relation: string
  type: RelationType
  from: string
  to: string
  reason: 'missing-end' | 'no-aif-scheme'
}

/** Warrant's side table: what each node stands for, keyed by nodeID. */
export interface AifWarrant {
  document: { id: string; title: string; version: string }
  exportedAt: string
  citationStyle: string | null
  passages: Record<string, AifPassage>
  links: Record<string, AifLink>
  skipped: AifSkipped[]
}

/** The argument graph in the AIFdb JSON shape, with Warrant's side table. */
export interface AifGraph {
  nodes: AifNode[]
  edges: AifEdge[]
  locutions: []
  warrant: AifWarrant
}

/** The S-node each drawn relation type becomes: its AIF type and AIFdb's default scheme text. */
const schemes: Partial<Record<RelationType, { type: AifNodeType; text: string }>> = {
  supports: { type: 'RA', text: 'Default Inference' },
  contradicts: { type: 'CA', text: 'Default Conflict' },
}

/** The kinds that are I-nodes even when no relation touches them. */
const argumentKinds = new Set(['claim', 'evidence'])

/** A relation with both of its ends named. */
interface Link {
  relation: ClaimRelation
  from: string
  to: string
}

/** Builds the AIFdb graph of a claims export (see the module doc for what becomes what). */
export function aifGraph(exported: ClaimsExport): AifGraph {
  const byId = new Map(exported.records.map((r) => [r.id, r]))
  const drawn: Link[] = []
  const skipped: AifSkipped[] = []
  for (const link of relationsOf(exported.records)) {
    const { relation, from, to } = link
    const reason =
      !byId.has(from) || !byId.has(to)
        ? 'missing-end'
        : schemes[relation.type]
          ? null
          : 'no-aif-scheme'
    if (reason) skipped.push({ relation: relation.id, type: relation.type, from, to, reason })
    else drawn.push(link)
  }
  const linked = new Set(drawn.flatMap((l) => [l.from, l.to]))
  const passages = exported.records.filter((r) => argumentKinds.has(r.kind) || linked.has(r.id))

  const nodes: AifNode[] = passages.map((r) => ({
    nodeID: r.id,
    text: r.quote,
    type: 'I',
    timestamp: aifTime(r.created),
  }))
  const edges: AifEdge[] = []
  const links: Record<string, AifLink> = {}
  for (const { relation, from, to } of drawn) {
    const scheme = schemes[relation.type]!
    nodes.push({
      nodeID: relation.id,
      text: scheme.text,
      type: scheme.type,
      timestamp: aifTime(relation.created),
    })
    edges.push(edge(`${relation.id}-in`, from, relation.id))
    edges.push(edge(`${relation.id}-out`, relation.id, to))
    links[relation.id] = {
      relation: relation.id,
      type: relation.type as AifLink['type'],
      note: relation.note,
      creator: relation.creator,
    }
  }
  const { id, title, version } = exported.document
  return {
    nodes,
    edges,
    locutions: [],
    warrant: {
      document: { id, title, version },
      exportedAt: exported.exportedAt,
      citationStyle: exported.records[0]?.citation.style ?? null,
      passages: Object.fromEntries(passages.map((r) => [r.id, passage(r)])),
      links,
      skipped,
    },
  }
}

/** Every relation once, oldest first, with both ends (a missing end is only seen from the other). */
function relationsOf(records: readonly ClaimRecord[]): Link[] {
  const seen = new Map<string, Link>()
  for (const record of records) {
    for (const relation of record.relations) {
      if (seen.has(relation.id)) continue
      const outgoing = relation.direction === 'outgoing'
      seen.set(relation.id, {
        relation,
        from: outgoing ? record.id : relation.other.id,
        to: outgoing ? relation.other.id : record.id,
      })
    }
  }
  return [...seen.values()].sort(
    (a, b) =>
      compare(a.relation.created, b.relation.created) || compare(a.relation.id, b.relation.id),
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function edge(edgeID: string, fromID: string, toID: string): AifEdge {
  return { edgeID, fromID, toID, formEdgeID: null }
}

/** The side-table entry leading from an I-node back to its record. */
function passage(record: ClaimRecord): AifPassage {
  return {
    record: record.id,
    kind: record.kind,
    quote: record.quote,
    ...(record.originalQuote !== undefined ? { originalQuote: record.originalQuote } : {}),
    anchor: record.anchor,
    locator: record.locator,
    citation: record.citation.text,
  }
}

/** An ISO 8601 instant in AIFdb's timestamp form, 'YYYY-MM-DD HH:MM:SS' (UTC). */
export function aifTime(iso: string): string {
  const time = new Date(iso)
  return Number.isNaN(time.getTime()) ? iso : time.toISOString().slice(0, 19).replace('T', ' ')
}
