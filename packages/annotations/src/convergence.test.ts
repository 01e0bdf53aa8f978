import { fragmentText } from '@warrant/document'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { resolveAnchors } from './anchoring'
import { validateAttributes } from './attributes'
import { readCodebook, writeCodebook } from './codebook'
import { addComment, editComment, listComments, setCommentResolved } from './comments'
import { AnnotationError } from './error'
import { relationTargets, relationTypes } from './model'
import { reanchorAnnotation } from './reanchor'
import { createRelation, deleteRelation, listRelations } from './relations'
import {
  brief,
  deleteBlock,
  deleteText,
  insertText,
  Network,
  type Replica,
  replicas,
  splitParagraph,
  textOf,
} from './replicas.testkit'
import { createAnnotation, deleteAnnotation, listAnnotations, updateAnnotation } from './store'

// CI runs 40 seeds; `WARRANT_SEEDS=5000 npx vitest run packages/annotations/src/convergence.test.ts`
// runs thousands (see the package README).
const seedCount = Number(process.env.WARRANT_SEEDS ?? 40)
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1)

const start = brief(
  '# Outlook',
  "In the first half of 2024 North Korea's exports fell by 86.3 percent year-on-year.",
  'A summit is expected on 6 October 2024.',
  'Trade with China recovered in 2023, and trade with Russia grew.',
  'The international community should use this as a basis for pressure.',
)

const words = ['sanctions ', 'trade ', 'Pyongyang ', '2024 ', 'summit ', '🌾 ', 'x']

/** Valid attributes of each built-in kind, one of which a random write picks. */
const someAttributes: Record<string, Array<Record<string, unknown>>> = {
  claim: [{}, { status: 'disputed' }, { claimType: 'causal', confidence: 0.4 }],
  evidence: [{}, { source: 'https://www.kita.net' }, { source: { type: 'report', title: 'KITA' } }],
  prediction: [{}, { due: '2024-10-06', outcome: 'pending' }, { resolution: 'It happened.' }],
  statistic: [{}, { value: 86.3, unit: 'percent' }, { period: '2023', place: 'North Korea' }],
  source: [{}, { item: { type: 'report', title: 'Trade report' } }],
  actor: [{}, { name: 'China', wikidata: 'Q148' }],
  recommendation: [{}],
}

const everything = [
  ...['insert', 'insert', 'insert', 'delete', 'delete', 'split', 'drop-paragraph'],
  ...['annotate', 'annotate', 'annotate', 'update', 'unannotate', 'reanchor', 'codebook'],
  ...['relate', 'relate', 'relate', 'unrelate'],
  ...['comment', 'reply', 'edit-comment', 'resolve'],
] as const

/** What a peer does in one step of a session; `everything` weighs them for the main property. */
type Operation = (typeof everything)[number]

/** The refusals a random operation may meet; any other error fails the session. */
const expectedRefusals = new Set(['self-relation', 'relation-kind-mismatch', 'retired-kind'])

/** One random operation by one peer. `n` numbers ids and times, so a seed replays exactly. */
function operate(gen: prng.PRNG, peer: Replica, operation: Operation, n: number): void {
  const { text, blocks } = fragmentText(peer.fragment)
  const offset = prng.uint32(gen, 0, text.length)
  // An editor never splits a surrogate pair (Yjs would turn its halves into U+FFFD).
  const whole = (...offsets: number[]) => offsets.every((o) => !splitsPair(text, o))
  const block = blocks.find((b) => b.start <= offset && offset <= b.end)!
  const now = new Date(Date.UTC(2024, 9, 1) + n * 1000).toISOString()
  const who = `peer-${peer.annotations.clientID}`
  const codebook = readCodebook(peer.content)
  const annotations = listAnnotations(peer.annotations)
  const comments = listComments(peer.annotations)
  const anyOf = <T>(list: T[]): T | null => (list.length > 0 ? prng.oneOf(gen, list) : null)
  const randomSpan = () => {
    const from = prng.uint32(gen, 0, text.length - 1)
    return { start: from, end: prng.uint32(gen, from + 1, Math.min(text.length, from + 40)) }
  }
  const write = { origin: who, codebook }
  switch (operation) {
    case 'insert':
      if (whole(offset)) insertText(peer, offset, prng.oneOf(gen, words))
      return
    case 'delete': {
      const length = prng.uint32(gen, 1, Math.min(8, block.end - offset))
      if (block.end > offset && whole(offset, offset + length)) deleteText(peer, offset, length)
      return
    }
    case 'split':
      if (block.heading === null && whole(offset)) {
        splitParagraph(peer, blocks.indexOf(block), offset - block.start)
      }
      return
    case 'drop-paragraph':
      if (blocks.length > 4) deleteBlock(peer, prng.uint32(gen, 0, blocks.length - 1))
      return
    case 'annotate': {
      if (text.length === 0) return
      const kind = prng.oneOf(gen, codebook.kinds).key
      const span = randomSpan()
      if (!whole(span.start, span.end)) return
      const attributes = prng.oneOf(gen, someAttributes[kind]!)
      const init = { kind, span, creator: who, attributes, id: `a${n}`, now }
      createAnnotation(peer.annotations, peer.fragment, init, write)
      return
    }
    case 'update': {
      const target = anyOf(annotations)
      if (!target) return
      const kind = prng.bool(gen) ? target.kind : prng.oneOf(gen, codebook.kinds).key
      const attributes = prng.oneOf(gen, someAttributes[kind]!)
      const patch = { kind, attributes, note: `note ${n}`, editor: who, now }
      updateAnnotation(peer.annotations, target.id, patch, write)
      return
    }
    case 'unannotate': {
      const target = anyOf(annotations)
      if (target) deleteAnnotation(peer.annotations, target.id, write)
      return
    }
    case 'reanchor': {
      const target = anyOf(annotations)
      if (!target || text.length === 0) return
      const span = randomSpan()
      if (!whole(span.start, span.end)) return
      const init = { span, editor: who, now }
      reanchorAnnotation(peer.annotations, peer.fragment, target.id, init, write)
      return
    }
    case 'relate': {
      const type = prng.oneOf(gen, [...relationTypes])
      // Mostly a fitting end, sometimes any (which the kind constraints refuse).
      const target = relationTargets[type]
      const fitting = annotations.filter((a) => target === undefined || a.kind === target)
      const [from, to] = [anyOf(annotations), anyOf(prng.bool(gen) ? fitting : annotations)]
      if (!from || !to) return
      const init = { type, from: from.id, to: to.id, creator: who, note: `why ${n}`, id: `r${n}` }
      createRelation(peer.annotations, { ...init, now }, write)
      return
    }
    case 'unrelate': {
      const target = anyOf(listRelations(peer.annotations))
      if (target) deleteRelation(peer.annotations, target.id, write)
      return
    }
    case 'comment': {
      const target = anyOf(annotations)
      if (!target) return
      const init = { annotation: target.id, text: `comment ${n}`, creator: who, id: `c${n}`, now }
      addComment(peer.annotations, init, write)
      return
    }
    case 'reply': {
      const parent = anyOf(comments)
      if (!parent) return
      const init = { annotation: parent.annotation, parent: parent.id, text: `reply ${n}` }
      addComment(peer.annotations, { ...init, creator: who, id: `c${n}`, now }, write)
      return
    }
    case 'edit-comment': {
      const target = anyOf(comments)
      const edit = { text: `edit ${n}`, editor: who, now }
      if (target) editComment(peer.annotations, target.id, edit, write)
      return
    }
    case 'resolve': {
      const target = anyOf(comments)
      if (!target) return
      setCommentResolved(peer.annotations, target.id, !target.resolved, { editor: who, now }, write)
      return
    }
    case 'codebook': {
      const key = prng.oneOf(gen, codebook.kinds).key
      const colour = `#${prng.uint32(gen, 0xc0c0c0, 0xffffff).toString(16)}`
      const retired = prng.uint32(gen, 0, 3) === 0
      const kinds = codebook.kinds.map((k) =>
        k.key === key ? { ...k, label: `${k.key} ${n}`, colour, retired } : k,
      )
      writeCodebook(peer.content, { kinds }, { origin: who })
    }
  }
}

/** What a peer ends with: everything that must agree across peers. */
function stateOf(peer: Replica) {
  const annotations = listAnnotations(peer.annotations)
  return {
    // The same state vectors: every peer has integrated every change of both docs.
    contentState: Y.decodeStateVector(Y.encodeStateVector(peer.content)),
    annotationsState: Y.decodeStateVector(Y.encodeStateVector(peer.annotations)),
    text: textOf(peer),
    codebook: readCodebook(peer.content),
    annotations,
    relations: listRelations(peer.annotations),
    comments: listComments(peer.annotations),
    anchors: resolveAnchors(annotations, peer.fragment),
  }
}

/**
 * A seeded session: 3 to 5 peers operate at random while messages are delivered in random
 * order and peers drop off and come back; then all reconnect and the network settles.
 */
function session(seed: number, operations: readonly Operation[], length = 200) {
  const gen = prng.create(seed)
  const peers = replicas(start, prng.uint32(gen, 3, 5))
  const network = new Network(peers)
  const pick = (count: number) => prng.uint32(gen, 0, count - 1)
  for (let n = 0; n < length; n++) {
    const i = pick(peers.length)
    const roll = prng.uint32(gen, 0, 9)
    if (roll === 0) network.isOnline(i) ? network.disconnect(i) : network.connect(i)
    else if (roll <= 3) for (let k = pick(4); k >= 0 && network.deliverOne(pick); k--) {}
    try {
      operate(gen, peers[i]!, prng.oneOf(gen, [...operations]), n)
    } catch (error) {
      if (!(error instanceof AnnotationError && expectedRefusals.has(error.code))) throw error
    }
  }
  network.settle(pick)
  return peers.map(stateOf)
}

describe('peers editing text, annotations, relations and threads over an unreliable network', () => {
  it.each(seeds)(
    'converge on the same text, annotations, relations, threads and ranges (seed %i)',
    (seed) => {
      const [first, ...rest] = session(seed, everything)
      for (const other of rest) expect(other).toEqual(first)
      const { text, codebook, annotations, relations, comments, anchors } = first!
      const ids = new Set(annotations.map((a) => a.id))
      expect([...anchors.keys()]).toEqual(annotations.map((a) => a.id))
      for (const annotation of annotations) {
        expect(validateAttributes(annotation.kind, annotation.attributes, codebook)).toEqual(
          annotation.attributes,
        )
        const anchor = anchors.get(annotation.id)!
        if (anchor.health === 'orphaned') {
          expect(anchor).toEqual({ health: 'orphaned', span: null, text: '' })
          continue
        }
        expect(anchor.span!.start).toBeLessThan(anchor.span!.end)
        expect(text.slice(anchor.span!.start, anchor.span!.end)).toBe(anchor.text)
      }
      for (const r of relations)
        expect(ids.has(r.from) && ids.has(r.to) && r.from !== r.to).toBe(true)
      const byId = new Map(comments.map((c) => [c.id, c]))
      for (const c of comments) {
        expect(ids.has(c.annotation)).toBe(true)
        if (c.parent !== null) expect(byId.get(c.parent)?.annotation).toBe(c.annotation)
        expect(c.resolvedBy !== null).toBe(c.resolved)
      }
    },
  )

  it.each(seeds.slice(0, 10))(
    'only grow around their text when nothing is deleted (seed %i)',
    (seed) => {
      const [state] = session(seed, ['insert', 'insert', 'annotate', 'comment'], 120)
      const { annotations, anchors } = state!
      expect(annotations.length).toBeGreaterThan(0)
      for (const annotation of annotations) {
        const { exact } = annotation.anchor
        const anchor = anchors.get(annotation.id)!
        expect(anchor.health).not.toBe('orphaned')
        // Typing at either edge stays outside, typing inside stays inside: the current text
        // starts and ends with the quote's first and last character and contains the quote's
        // characters in order.
        expect(anchor.text[0]).toBe(exact[0])
        expect(anchor.text.at(-1)).toBe(exact.at(-1))
        expect(isSubsequence(exact, anchor.text)).toBe(true)
      }
    },
  )
})

/** Whether an offset falls between the two halves of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  return (
    /[\ud800-\udbff]/.test(text[offset - 1] ?? '') && /[\udc00-\udfff]/.test(text[offset] ?? '')
  )
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0
  for (let j = 0; j < haystack.length && i < needle.length; j++) {
    if (haystack[j] === needle[i]) i++
  }
  return i === needle.length
}
