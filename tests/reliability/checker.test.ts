/**
 * The checker against hand-made histories: two Yjs docs stand for a client and its server, the
 * "stored" doc is given exactly the updates the server would have kept, and the checker must name
 * every acknowledged or relayed update the stored doc lacks (and nothing else).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { check, storedStateOf } from './checker'
import { acknowledgedOperations, ReplicaHistory, type StateVector } from './history'

const room = 'memo.content'
const server = Symbol('server')

/** A client doc with its history, and the updates it made (to hand to the "server" or not). */
function replica(name: string) {
  const doc = new Y.Doc()
  const acknowledgements: StateVector[] = []
  const history = new ReplicaHistory(name, room, doc, server, acknowledgements)
  const made: Uint8Array[] = []
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== server) made.push(update)
  })
  const acknowledge = (stored: Y.Doc) =>
    acknowledgements.push(Y.decodeStateVector(Y.encodeStateVector(stored)))
  return { doc, history, made, acknowledge, text: doc.getText('t') }
}

function storedFrom(updates: Uint8Array[]): Map<string, ReturnType<typeof storedStateOf>> {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return new Map([[room, storedStateOf(doc)]])
}

describe('the loss checker', () => {
  it('finds nothing lost when the stored state holds every acknowledged and relayed update', () => {
    const a = replica('a')
    a.text.insert(0, 'hello')
    a.text.insert(5, ' world')
    const stored = new Y.Doc()
    for (const update of a.made) Y.applyUpdate(stored, update)
    a.acknowledge(stored)
    const result = check([a.history.snapshot()], storedFrom(a.made))
    expect(result.lost).toEqual([])
    expect(result.acknowledged).toBe(2)
    expect(result.acknowledgements).toBe(1)
  })

  it('reports an acknowledged insert the stored state lacks', () => {
    const a = replica('a')
    a.text.insert(0, 'kept')
    a.text.insert(4, ' lost')
    const server = new Y.Doc()
    for (const update of a.made) Y.applyUpdate(server, update)
    a.acknowledge(server)
    // Storage kept only the first update although both were acknowledged.
    const result = check([a.history.snapshot()], storedFrom(a.made.slice(0, 1)))
    expect(result.lost.map((loss) => loss.kind).sort()).toEqual(['acknowledged', 'acknowledgement'])
    expect(result.lost[0]!.missing).toContain(`${a.doc.clientID}:4..8`)
  })

  it('reports an acknowledged deletion the stored state lacks', () => {
    const a = replica('a')
    a.text.insert(0, 'abcdef')
    a.text.delete(1, 2)
    a.text.insert(4, '!')
    const server = new Y.Doc()
    for (const update of a.made) Y.applyUpdate(server, update)
    a.acknowledge(server)
    const [insert, , exclaim] = a.made
    const result = check([a.history.snapshot()], storedFrom([insert!, exclaim!]))
    expect(result.lost).toHaveLength(1)
    expect(result.lost[0]).toMatchObject({ kind: 'acknowledged', replica: 'a' })
    expect(result.lost[0]!.missing).toBe(`deletion of ${a.doc.clientID}:1`)
  })

  it('counts a deletion acknowledged only once a later item of the same client is', () => {
    const a = replica('a')
    a.text.insert(0, 'abc')
    const server = new Y.Doc()
    Y.applyUpdate(server, a.made[0]!)
    a.text.delete(0, 1)
    // This acknowledgement covers the insert's clocks, which the deletion does not move.
    a.acknowledge(server)
    expect(acknowledgedOperations(a.history.snapshot())).toHaveLength(1)
    a.text.insert(0, 'x')
    for (const update of a.made.slice(1)) Y.applyUpdate(server, update)
    a.acknowledge(server)
    expect(acknowledgedOperations(a.history.snapshot())).toHaveLength(3)
  })

  it('does not hold unacknowledged operations against storage unless asked to', () => {
    const a = replica('a')
    a.text.insert(0, 'acknowledged')
    const server = new Y.Doc()
    Y.applyUpdate(server, a.made[0]!)
    a.acknowledge(server)
    a.text.insert(0, 'in flight ')
    const history = a.history.snapshot()
    const stored = storedFrom(a.made.slice(0, 1))
    expect(check([history], stored)).toMatchObject({ acknowledged: 1, unacknowledged: 1, lost: [] })
    const everything = check([history], stored, { everything: true })
    expect(everything.lost).toHaveLength(1)
    expect(everything.lost[0]!.missing).toContain(`${a.doc.clientID}:12..21`)
  })

  it('reports an update relayed to a client that the stored state lacks', () => {
    const writer = new Y.Doc()
    const made: Uint8Array[] = []
    writer.on('update', (update: Uint8Array) => made.push(update))
    writer.getText('t').insert(0, 'seen by b')
    writer.getText('t').insert(0, 'also ')
    const b = replica('b')
    for (const update of made) {
      b.history.received(update)
      Y.applyUpdate(b.doc, update, server)
    }
    const result = check([b.history.snapshot()], storedFrom(made.slice(0, 1)))
    expect(result.relayed).toBe(2)
    expect(result.lost).toEqual([
      {
        replica: 'b',
        room,
        kind: 'relayed',
        missing: `items ${writer.clientID}:9..13`,
      },
    ])
  })

  it('reports an acknowledged state vector that claims more than is stored', () => {
    const a = replica('a')
    const other = new Y.Doc()
    other.getText('t').insert(0, 'from another client')
    const server = new Y.Doc()
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other))
    a.acknowledge(server)
    const result = check([a.history.snapshot()], storedFrom([]))
    expect(result.lost).toEqual([
      {
        replica: 'a',
        room,
        kind: 'acknowledgement',
        missing: `clock ${other.clientID}:18`,
      },
    ])
  })
})
