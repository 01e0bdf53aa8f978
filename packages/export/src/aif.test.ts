import { describe, expect, it } from 'vitest'
import { type AifGraph, type AifNode, aifGraph, aifTime } from './aif'
import { type ClaimsInput, claimsExport } from './claims'
import { briefInput } from './claims.testkit'

const exported = claimsExport(briefInput())
const graph = aifGraph(exported)

function nodeOf(g: AifGraph, id: string): AifNode {
  const found = g.nodes.find((n) => n.nodeID === id)
  if (!found) throw new Error(`no node ${id}`)
  return found
}

/** The path each edge draws, as "from>to". */
const paths = (g: AifGraph): string[] => g.edges.map((e) => `${e.fromID}>${e.toID}`)

/** The brief with one more relation. */
function withRelation(type: 'supports' | 'contradicts', from: string, to: string): ClaimsInput {
  const input = briefInput()
  const relation = { ...input.relations[0]!, id: 'r-extra', type, from, to }
  return { ...input, relations: [...input.relations, relation] }
}

describe('aifGraph', () => {
  it('writes nodes and edges with exactly the AIFdb fields, and no locutions', () => {
    for (const node of graph.nodes) {
      expect(Object.keys(node).sort()).toEqual(['nodeID', 'text', 'timestamp', 'type'])
      expect(node.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    }
    for (const edge of graph.edges) {
      expect(Object.keys(edge).sort()).toEqual(['edgeID', 'formEdgeID', 'fromID', 'toID'])
      expect(edge.formEdgeID).toBeNull()
    }
    expect(graph.locutions).toEqual([])
  })

  it('makes the claim, the evidence and the statistic contradicting the claim I-nodes, quoting them', () => {
    const inodes = graph.nodes.filter((n) => n.type === 'I')
    expect(inodes.map((n) => [n.nodeID, n.text])).toEqual([
      ['a-claim', 'Pyongyang deepened its alignment with Moscow'],
      ['a-evidence', 'fell by 86.3 percent'],
      ['a-orphan', 'imports grew by 12 percent'],
    ])
  })

  it('puts an RA node between the supporting evidence and the claim', () => {
    expect(nodeOf(graph, 'r-supports')).toMatchObject({ type: 'RA', text: 'Default Inference' })
    expect(paths(graph)).toEqual(
      expect.arrayContaining(['a-evidence>r-supports', 'r-supports>a-claim']),
    )
    expect(graph.warrant.links['r-supports']).toMatchObject({ type: 'supports', creator: 'Ben' })
  })

  it('puts a CA node between the contradicting statistic and the claim', () => {
    expect(nodeOf(graph, 'r-contradicts')).toMatchObject({ type: 'CA', text: 'Default Conflict' })
    expect(paths(graph)).toEqual(
      expect.arrayContaining(['a-orphan>r-contradicts', 'r-contradicts>a-claim']),
    )
    expect(graph.warrant.links['r-contradicts']?.note).toBe('Imports tell another story.')
  })

  it("leads every I-node back to its record's id, quote, locator and citation", () => {
    const inodes = graph.nodes.filter((n) => n.type === 'I')
    expect(Object.keys(graph.warrant.passages)).toEqual(inodes.map((n) => n.nodeID))
    for (const node of inodes) {
      const record = exported.records.find(
        (r) => r.id === graph.warrant.passages[node.nodeID]?.record,
      )
      expect(record).toBeDefined()
      expect(node.text).toBe(record!.quote)
      expect(graph.warrant.passages[node.nodeID]).toMatchObject({
        quote: record!.quote,
        kind: record!.kind,
        anchor: record!.anchor,
        locator: record!.locator,
        citation: record!.citation.text,
      })
    }
    expect(graph.warrant.passages['a-evidence']?.originalQuote).toBe('fell by 86 percent')
  })

  it('points no edge at a missing node, and gives every node and edge its own id', () => {
    const ids = new Set(graph.nodes.map((n) => n.nodeID))
    expect(ids.size).toBe(graph.nodes.length)
    expect(new Set(graph.edges.map((e) => e.edgeID)).size).toBe(graph.edges.length)
    for (const edge of graph.edges) {
      expect(ids.has(edge.fromID)).toBe(true)
      expect(ids.has(edge.toID)).toBe(true)
    }
    expect(graph.edges).toHaveLength(4)
  })

  it('skips a dangling relation and one AIF has no scheme for, listing both with the reason', () => {
    expect(graph.nodes.map((n) => n.nodeID)).not.toContain('r-dangling')
    expect(graph.nodes.map((n) => n.nodeID)).not.toContain('r-qualifies')
    expect(graph.nodes.map((n) => n.nodeID)).not.toContain('a-prediction')
    expect(graph.warrant.skipped).toEqual([
      {
        relation: 'r-qualifies',
        type: 'qualifies',
        from: 'a-evidence',
        to: 'a-claim',
        reason: 'no-aif-scheme',
      },
      {
        relation: 'r-dangling',
        type: 'supports',
        from: 'a-deleted',
        to: 'a-prediction',
        reason: 'missing-end',
      },
    ])
  })

  it('makes a prediction an I-node once evidence supports it', () => {
    const linked = aifGraph(claimsExport(withRelation('supports', 'a-evidence', 'a-prediction')))
    expect(nodeOf(linked, 'a-prediction')).toMatchObject({
      type: 'I',
      text: 'expected on 6 October 2024',
    })
    expect(paths(linked)).toEqual(
      expect.arrayContaining(['a-evidence>r-extra', 'r-extra>a-prediction']),
    )
    expect(linked.warrant.passages['a-prediction']?.kind).toBe('prediction')
  })

  it('keeps the same ids on every run, and for the old nodes when a relation is added', () => {
    expect(aifGraph(claimsExport(briefInput()))).toEqual(graph)
    const grown = aifGraph(claimsExport(withRelation('contradicts', 'a-evidence', 'a-prediction')))
    expect(grown.nodes).toHaveLength(graph.nodes.length + 2)
    expect(grown.nodes).toEqual(expect.arrayContaining(graph.nodes))
    expect(grown.edges).toEqual(expect.arrayContaining(graph.edges))
  })

  it('names the document and version the graph was exported from', () => {
    expect(graph.warrant).toMatchObject({
      document: { id: 'north-korea-2024', version: 'v0123456789abcdef' },
      exportedAt: '2024-12-01T12:00:00.000Z',
      citationStyle: exported.records[0]!.citation.style,
    })
  })

  it("writes times in AIFdb's form, in UTC", () => {
    expect(aifTime('2024-11-10T10:05:00.000Z')).toBe('2024-11-10 10:05:00')
    expect(aifTime('2024-11-10T12:05:00+02:00')).toBe('2024-11-10 10:05:00')
  })

  it('matches the golden graph of the brief', async () => {
    await expect(`${JSON.stringify(graph, null, 2)}\n`).toMatchFileSnapshot('__golden__/aif.json')
  })
})
