import { fragmentText } from '@warrant/document'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { resolveAnchors } from './anchoring'
import type { ResolvedAnchor } from './model'
import {
  brief,
  deleteBlock,
  deleteText,
  insertText,
  type Replica,
  replicas,
  send,
  splitParagraph,
  textOf,
} from './replicas.testkit'
import { createAnnotation, deleteAnnotation, listAnnotations } from './store'

const start = brief(
  '# Outlook',
  "In the first half of 2024 North Korea's exports fell by 86.3 percent year-on-year.",
  'A summit is expected on 6 October 2024.',
  'Trade with China recovered in 2023, and trade with Russia grew.',
  'The international community should use this as a basis for pressure.',
)

const words = ['sanctions ', 'trade ', 'Pyongyang ', '2024 ', 'summit ', '🌾 ', 'x']

type Step = 'insert' | 'delete' | 'annotate' | 'unannotate' | 'split' | 'drop-paragraph' | 'sync'

/** One random edit, annotation or partial sync by a random replica. */
function step(gen: prng.PRNG, all: Replica[], steps: Step[]): void {
  const replica = prng.oneOf(gen, all)
  const { text, blocks } = fragmentText(replica.fragment)
  const offset = prng.uint32(gen, 0, text.length)
  // An editor never splits a surrogate pair (Yjs would turn its halves into U+FFFD).
  if (splitsPair(text, offset)) return
  const block = blocks.find((b) => b.start <= offset && offset <= b.end)!
  switch (prng.oneOf(gen, steps)) {
    case 'insert':
      insertText(replica, offset, prng.oneOf(gen, words))
      return
    case 'delete': {
      const length = prng.uint32(gen, 1, Math.min(8, block.end - offset))
      if (block.end > offset && !splitsPair(text, offset + length)) {
        deleteText(replica, offset, length)
      }
      return
    }
    case 'annotate': {
      if (text.length === 0) return
      const from = prng.uint32(gen, 0, text.length - 1)
      const to = prng.uint32(gen, from + 1, Math.min(text.length, from + 40))
      if (splitsPair(text, from) || splitsPair(text, to)) return
      createAnnotation(replica.annotations, replica.fragment, {
        kind: 'claim',
        span: { start: from, end: to },
        creator: String(replica.content.clientID),
      })
      return
    }
    case 'unannotate': {
      const existing = listAnnotations(replica.annotations)
      if (existing.length > 0) deleteAnnotation(replica.annotations, prng.oneOf(gen, existing).id)
      return
    }
    case 'split': {
      const index = blocks.indexOf(block)
      if (block.heading === null) splitParagraph(replica, index, offset - block.start)
      return
    }
    case 'drop-paragraph':
      if (blocks.length > 4) deleteBlock(replica, prng.uint32(gen, 0, blocks.length - 1))
      return
    case 'sync':
      send(replica, prng.oneOf(gen, all), prng.bool(gen) ? ['content'] : ['annotations', 'content'])
  }
}

/** Runs a seeded random session of three replicas, then syncs them and checks they agree. */
function session(
  seed: number,
  steps: Step[],
): { all: Replica[]; anchors: Map<string, ResolvedAnchor> } {
  const gen = prng.create(seed)
  const all = replicas(start, 3)
  for (let i = 0; i < 120; i++) step(gen, all, steps)
  // Exchange every replica's updates in a random order, twice, so everyone has everything.
  for (let round = 0; round < 2; round++) {
    const order = [...all.keys()].sort(() => (prng.bool(gen) ? 1 : -1))
    for (const i of order) for (const j of order) if (i !== j) send(all[i]!, all[j]!)
  }
  const [first, ...rest] = all as [Replica, ...Replica[]]
  const anchors = resolveAnchors(listAnnotations(first.annotations), first.fragment)
  for (const other of rest) {
    expect(textOf(other)).toBe(textOf(first))
    expect(listAnnotations(other.annotations)).toEqual(listAnnotations(first.annotations))
    expect(resolveAnchors(listAnnotations(other.annotations), other.fragment)).toEqual(anchors)
  }
  return { all, anchors }
}

const seeds = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89]

describe('seeded random sessions of three replicas', () => {
  it.each(seeds)('converge: every replica resolves every anchor identically (seed %i)', (seed) => {
    const { all, anchors } = session(seed, [
      ...(['insert', 'insert', 'insert', 'delete', 'delete', 'annotate', 'annotate'] as const),
      ...(['unannotate', 'split', 'sync', 'sync', 'sync'] as const),
      ...(prng.create(seed).next() < 0.5 ? (['drop-paragraph'] as const) : []),
    ])
    const text = textOf(all[0]!)
    const annotations = listAnnotations(all[0]!.annotations)
    expect(annotations.length).toBeGreaterThan(0)
    expect([...anchors.keys()]).toEqual(annotations.map((a) => a.id))
    for (const annotation of annotations) {
      const anchor = anchors.get(annotation.id)!
      if (anchor.health === 'orphaned') {
        expect(anchor).toEqual({ health: 'orphaned', span: null, text: '' })
        continue
      }
      const { start: from, end: to } = anchor.span!
      expect(from).toBeLessThan(to)
      expect(text.slice(from, to)).toBe(anchor.text)
      expect(anchor.text === annotation.anchor.exact).toBe(anchor.health === 'anchored')
    }
  })

  it.each(seeds)('only grow around their text when nothing is deleted (seed %i)', (seed) => {
    const { all, anchors } = session(seed, ['insert', 'insert', 'annotate', 'sync'])
    const annotations = listAnnotations(all[0]!.annotations)
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
  })
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
