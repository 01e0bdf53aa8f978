import { type FragmentText, fragmentText } from '@warrant/document'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { indexItems } from './itemindex'
import { brief, replicas, send } from './replicas.testkit'

/** What anchoring made of a relative position before the index: Yjs's own walk, then offsetOf. */
function reference(position: Y.RelativePosition, doc: Y.Doc, current: FragmentText) {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc)
  if (!absolute) return null
  for (let type: Y.AbstractType<unknown> | null = absolute.type; type?._item; ) {
    if (type._item.deleted) return null
    type = type._item.parent instanceof Y.AbstractType ? type._item.parent : null
  }
  return current.offsetOf(absolute.type, absolute.index)
}

/** Every Y.XmlText and Y.XmlElement under a type, deleted or not (their items are kept when gc is off). */
function typesUnder(
  type: Y.XmlFragment | Y.XmlElement,
  out: Array<Y.XmlText | Y.XmlElement> = [],
): Array<Y.XmlText | Y.XmlElement> {
  for (let item = type._start; item !== null; item = item.right) {
    const child = item.content instanceof Y.ContentType ? item.content.type : null
    if (child instanceof Y.XmlText) out.push(child)
    else if (child instanceof Y.XmlElement) out.push(child, ...typesUnder(child))
  }
  return out
}

/** A randomly edited two-client document, with some positions taken along the way. */
function randomDocument(seed: number, gc: boolean) {
  const gen = prng.create(seed)
  const [a, b] = replicas(brief('# Trade', 'Exports fell.', 'Imports rose.', 'Trade grew.'), 2)
  for (const replica of [a!, b!]) replica.content.gc = gc
  const undo = new Y.UndoManager(a!.fragment, { captureTimeout: 0 })
  a!.content.getMap('codebook').set('claim', { label: 'Claim' })
  const positions: Y.RelativePosition[] = []
  for (let i = 0; i < 150; i++) {
    const replica = prng.bool(gen) ? a! : b!
    const types = typesUnder(replica.fragment).filter((t) => !t._item?.deleted)
    const texts = types.filter((t): t is Y.XmlText => t instanceof Y.XmlText)
    const text = prng.oneOf(gen, texts)
    const at = prng.uint32(gen, 0, text.length)
    const roll = prng.uint32(gen, 0, 9)
    if (roll < 4) text.insert(at, prng.word(gen, 1, 3))
    else if (roll < 6 && text.length > at) text.delete(at, prng.uint32(gen, 1, text.length - at))
    else if (roll === 6 && text.length > at) text.format(at, 1, { em: {} })
    else if (roll === 7) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(prng.word(gen, 1, 6))])
      replica.fragment.insert(prng.uint32(gen, 0, replica.fragment.length), [paragraph])
    } else if (roll === 8 && replica.fragment.length > 2) {
      replica.fragment.delete(prng.uint32(gen, 0, replica.fragment.length - 1), 1)
    } else if (replica === a) {
      if (prng.bool(gen)) undo.undo()
      else undo.redo()
    }
    const target = prng.oneOf(gen, [...types, replica.fragment])
    const index = prng.uint32(gen, 0, target.length)
    positions.push(Y.createRelativePositionFromTypeIndex(target, index, prng.int32(gen, -1, 1)))
    if (prng.uint32(gen, 0, 9) === 0) send(a!, b!, ['content'])
    if (prng.uint32(gen, 0, 9) === 0) send(b!, a!, ['content'])
  }
  send(a!, b!, ['content'])
  send(b!, a!, ['content'])
  return { replica: a!, positions, gen }
}

describe('indexItems: one index, the same answers as Yjs', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'resolves random relative positions as Y.createAbsolutePositionFromRelativePosition does (seed %i)',
    (seed) => {
      for (const gc of [true, false]) {
        const { replica, positions, gen } = randomDocument(seed, gc)
        const doc = replica.content
        // Raw ids too: any clock of any client, assoc either way, and positions by type.
        for (const client of doc.store.clients.keys()) {
          const end = Y.getState(doc.store, client)
          for (let i = 0; i < 40; i++) {
            const id = Y.createID(client, prng.uint32(gen, 0, end + 2))
            positions.push(new Y.RelativePosition(null, null, id, prng.int32(gen, -1, 1)))
            positions.push(new Y.RelativePosition(id, null, null, prng.int32(gen, -1, 1)))
          }
        }
        positions.push(new Y.RelativePosition(null, 'prosemirror', null, -1))
        positions.push(new Y.RelativePosition(null, 'prosemirror', null, 0))
        positions.push(new Y.RelativePosition(null, 'codebook', null, 0))
        const current = fragmentText(replica.fragment)
        const index = indexItems(replica.fragment)
        const ours = positions.map((position) => {
          const at = index.resolve(position)
          return at ? current.offsetOf(at.type, at.index) : null
        })
        expect(ours).toEqual(positions.map((p) => reference(p, doc, current)))
        // Not a vacuous agreement on null: many positions land in the text.
        expect(ours.filter((x) => x !== null).length).toBeGreaterThan(30)
      }
    },
  )

  it('keeps answering by clock range after the items it indexed are split', () => {
    const [replica] = replicas(brief('Exports fell by 86.3 percent.'), 1)
    const text = (replica!.fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText
    const position = Y.createRelativePositionFromTypeIndex(text, 20, 0)
    const index = indexItems(replica!.fragment)
    // Positions taken afterwards split the one item holding the sentence.
    Y.createRelativePositionFromTypeIndex(text, 5, 0)
    text.format(10, 2, { em: {} })
    const at = index.resolve(position)
    expect(at?.type).toBe(text)
    expect(at?.index).toBe(20)
  })

  it('resolves a position in a deleted paragraph to null, like anchoring always has', () => {
    const [replica] = replicas(brief('Exports fell.', 'Imports rose.'), 1)
    const paragraph = replica!.fragment.get(1) as Y.XmlElement
    const inside = Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, 3, 0)
    const ofType = Y.createRelativePositionFromTypeIndex(paragraph, 1, 0)
    replica!.fragment.delete(1, 1)
    const index = indexItems(replica!.fragment)
    expect(index.resolve(inside)).toBeNull()
    expect(index.resolve(ofType)).toBeNull()
  })

  it('follows a paragraph deleted and restored by undo to its restored copy, as Yjs does', () => {
    const [replica] = replicas(brief('Exports fell.', 'Imports rose.'), 1)
    const undo = new Y.UndoManager(replica!.fragment, { captureTimeout: 0 })
    const text = (replica!.fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText
    const position = Y.createRelativePositionFromTypeIndex(text, 3, 0)
    replica!.fragment.delete(1, 1)
    undo.undo()
    const current = fragmentText(replica!.fragment)
    const at = indexItems(replica!.fragment).resolve(position)
    expect(at && current.offsetOf(at.type, at.index)).toBe('Exports fell.\nImp'.length)
    expect(reference(position, replica!.content, current)).toBe('Exports fell.\nImp'.length)
  })
})
