import { describe, expect, it } from 'vitest'
import { resolveAnchors } from './anchoring'
import type { Annotation, ResolvedAnchor } from './model'
import {
  brief,
  deleteBlock,
  deleteText,
  insertParagraph,
  insertText,
  offsetOfText,
  type Replica,
  replicas,
  send,
  splitParagraph,
  syncAll,
  textOf,
} from './replicas.testkit'
import { createAnnotation, listAnnotations } from './store'

const P1 =
  "In the first half of 2024 North Korea's exports fell by 86.3 percent year-on-year, while imports rose."
const P2 = 'A summit between Kim Jong Un and President Putin is expected on 18-19 May 2024.'
const P3 = 'Trade with China recovered in 2023, and trade with Russia grew.'
const PASSAGE = 'exports fell by 86.3 percent'

/** Two replicas of a short brief (blocks: 0 heading, 1..3 paragraphs), one annotation on PASSAGE. */
function setup(...extra: string[]) {
  const all = replicas(brief('# Outlook', P1, P2, P3, ...extra), 2)
  const [a, b] = all as [Replica, Replica]
  const annotation = annotate(a, PASSAGE)
  syncAll(all)
  return { a, b, all, annotation }
}

/** Annotates the n-th occurrence of `exact` on a replica. */
function annotate(replica: Replica, exact: string, nth = 0): Annotation {
  const start = offsetOfText(replica, exact, nth)
  return createAnnotation(replica.annotations, replica.fragment, {
    kind: 'claim',
    span: { start, end: start + exact.length },
    creator: `client ${replica.content.clientID}`,
  })
}

/** Every anchor of a replica, as a plain object for comparison. */
function anchorsOf(replica: Replica): Record<string, ResolvedAnchor> {
  return Object.fromEntries(resolveAnchors(listAnnotations(replica.annotations), replica.fragment))
}

/** Syncs all replicas and returns how `id` resolves, after checking every replica agrees. */
function resolvedAfterSync(all: Replica[], id: string): ResolvedAnchor | undefined {
  syncAll(all)
  const [first, ...rest] = all.map(anchorsOf)
  for (const other of rest) expect(other).toEqual(first)
  for (const replica of all.slice(1)) expect(textOf(replica)).toBe(textOf(all[0]!))
  return first?.[id]
}

/** The expected resolution of a passage that now reads `text` at its n-th occurrence. */
function at(replica: Replica, health: 'anchored' | 'drifted', text: string, nth = 0) {
  const start = offsetOfText(replica, text, nth)
  return { health, span: { start, end: start + text.length }, text }
}

const orphaned = { health: 'orphaned', span: null, text: '' }

describe('resolveAnchors: annotations follow their text through concurrent edits', () => {
  it('resolves a fresh annotation to the span it was made on', () => {
    const { all, annotation } = setup()
    expect(resolvedAfterSync(all, annotation.id)).toEqual({
      health: 'anchored',
      span: annotation.anchor.position,
      text: PASSAGE,
    })
  })

  it('keeps an annotation anchored through insertions before and after it', () => {
    const { a, b, all, annotation } = setup()
    insertText(a, offsetOfText(a, 'In the first'), 'Reportedly, ')
    insertParagraph(b, 1, 'A new opening paragraph.')
    insertText(b, offsetOfText(b, ' year-on-year'), ' sharply')
    insertText(a, offsetOfText(a, 'Trade with'), 'Meanwhile, ')
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(textOf(a)).toContain(
      `Reportedly, In the first half of 2024 North Korea's ${PASSAGE} sharply`,
    )
  })

  it('keeps text typed right at either edge of the passage outside it', () => {
    const { a, b, all, annotation } = setup()
    insertText(a, offsetOfText(a, PASSAGE), 'total ')
    insertText(b, offsetOfText(b, PASSAGE) + PASSAGE.length, ' or more')
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(textOf(b)).toContain(`total ${PASSAGE} or more`)
  })

  it('keeps an annotation anchored through deletions before, after and right around it', () => {
    const { a, b, all, annotation } = setup()
    deleteText(
      a,
      offsetOfText(a, 'In the first half of 2024 '),
      'In the first half of 2024 '.length,
    )
    deleteText(b, offsetOfText(b, ' year-on-year'), ' year-on-year'.length)
    deleteText(b, offsetOfText(b, "Korea's "), "Korea's ".length)
    deleteText(a, offsetOfText(a, 'Trade with China'), 'Trade '.length)
    deleteBlock(b, 2)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(textOf(a)).toBe(
      `Outlook\nNorth ${PASSAGE}, while imports rose.\nwith China recovered in 2023, and trade with Russia grew.`,
    )
  })

  it('marks an annotation drifted, with the current text, when text is inserted inside it', () => {
    const { a, all, annotation } = setup()
    insertText(a, offsetOfText(a, 'by 86.3'), 'sharply ')
    expect(resolvedAfterSync(all, annotation.id)).toEqual(
      at(a, 'drifted', 'exports fell sharply by 86.3 percent'),
    )
  })

  it('marks an annotation drifted, with the current text, when part of it is deleted', () => {
    const { b, all, annotation } = setup()
    deleteText(b, offsetOfText(b, 'by 86.3'), 'by '.length)
    deleteText(b, offsetOfText(b, 'exports'), 1)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(
      at(b, 'drifted', 'xports fell 86.3 percent'),
    )
  })

  it('merges concurrent edits inside an annotation into one drifted text on every replica', () => {
    const { a, b, all, annotation } = setup()
    deleteText(a, offsetOfText(a, '86.3'), 4)
    insertText(a, offsetOfText(a, ' percent year'), '68.3')
    insertText(b, offsetOfText(b, 'fell'), 'reportedly ')
    expect(resolvedAfterSync(all, annotation.id)).toEqual(
      at(a, 'drifted', 'exports reportedly fell by 68.3 percent'),
    )
  })

  it('marks an annotation orphaned when its whole passage is deleted', () => {
    const { a, all, annotation } = setup()
    deleteText(a, offsetOfText(a, PASSAGE), PASSAGE.length)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(orphaned)
  })

  it('marks an annotation orphaned when its passage is deleted with its surroundings', () => {
    const { b, all, annotation } = setup()
    deleteText(
      b,
      offsetOfText(b, "North Korea's"),
      "North Korea's exports fell by 86.3 percent year".length,
    )
    expect(resolvedAfterSync(all, annotation.id)).toEqual(orphaned)
  })

  it('orphans an annotation made on a passage another replica deleted at the same time', () => {
    const { a, b, all } = setup()
    const late = annotate(b, 'imports rose')
    deleteText(a, offsetOfText(a, ', while imports rose'), ', while imports rose'.length)
    expect(resolvedAfterSync(all, late.id)).toEqual(orphaned)
  })

  it('marks an annotation orphaned when its paragraph is deleted', () => {
    const { b, all, annotation } = setup()
    deleteBlock(b, 1)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(orphaned)
    expect(textOf(b)).toBe(`Outlook\n${P2}\n${P3}`)
  })

  it('re-anchors an annotation whose paragraph was replaced by the same text (cut and paste), by its unique exact quote', () => {
    const { a, all, annotation } = setup()
    deleteBlock(a, 1)
    insertParagraph(a, 3, P1)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(textOf(a)).toBe(`Outlook\n${P2}\n${P3}\n${P1}`)
  })

  it('never lets a duplicated sentence elsewhere capture an orphan whose context differs', () => {
    const { a, all, annotation } = setup(`Analysts doubt that ${PASSAGE} in that year.`)
    deleteBlock(a, 1)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(orphaned)
    expect(textOf(a)).toContain(PASSAGE)
  })

  it('leaves an annotation orphaned when its quote and context now occur twice', () => {
    const { a, b, all, annotation } = setup()
    deleteBlock(a, 1)
    insertParagraph(b, 4, P1)
    insertParagraph(a, 3, P1)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(orphaned)
  })

  it('re-anchors an annotation whose paragraph was split before its context (y-prosemirror#204)', () => {
    const { a, all, annotation } = setup()
    splitParagraph(a, 1, 'In th'.length)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(textOf(a)).toContain(`In th\ne first half`)
  })

  it('keeps an annotation anchored when a split puts a paragraph break into its context', () => {
    const { a, all, annotation } = setup()
    splitParagraph(a, 1, P1.indexOf(PASSAGE))
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(textOf(a)).toContain(`North Korea's \n${PASSAGE}`)
  })

  it('keeps an annotation anchored across a split inside it, reporting the text with the break', () => {
    const { a, all, annotation } = setup()
    splitParagraph(a, 1, P1.indexOf('86.3'))
    expect(resolvedAfterSync(all, annotation.id)).toEqual(
      at(a, 'anchored', 'exports fell by \n86.3 percent'),
    )
  })

  it('keeps an annotation anchored across a split in the middle of a word of it', () => {
    const { a, all, annotation } = setup()
    splitParagraph(a, 1, P1.indexOf('86.3') + 2)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(
      at(a, 'anchored', 'exports fell by 86\n.3 percent'),
    )
  })

  it('marks drifted, not anchored, a passage whose words were run together inside a paragraph', () => {
    const { a, all, annotation } = setup()
    deleteText(a, offsetOfText(a, ' by 86.3'), 1)
    expect(resolvedAfterSync(all, annotation.id)).toEqual(
      at(a, 'drifted', 'exports fellby 86.3 percent'),
    )
  })

  it('prefers the unique exact quote in its context over positions left on other text', () => {
    const { a, all, annotation } = setup()
    // The passage's paragraph is retyped elsewhere and the old one edited into something else.
    insertParagraph(a, 4, P1)
    deleteText(a, offsetOfText(a, 'fell by 86.3'), 'fell by 86.3'.length)
    insertText(a, offsetOfText(a, ' percent year'), 'rose by 2.1')
    expect(resolvedAfterSync(all, annotation.id)).toEqual(at(a, 'anchored', PASSAGE))
    expect(offsetOfText(a, PASSAGE)).toBeGreaterThan(offsetOfText(a, P3))
  })

  it('resolves an annotation that arrived before the text it points into once the text arrives', () => {
    const { a, b, all } = setup()
    insertText(a, offsetOfText(a, 'Trade with'), 'Imports of wigs doubled. ')
    const late = annotate(a, 'Imports of wigs doubled.')
    send(a, b, ['annotations'])
    expect(listAnnotations(b.annotations).map((x) => x.id)).toContain(late.id)
    expect(resolveAnchors(listAnnotations(b.annotations), b.fragment).get(late.id)).toEqual(
      orphaned,
    )
    expect(resolvedAfterSync(all, late.id)).toEqual(at(a, 'anchored', 'Imports of wigs doubled.'))
  })

  it('never drops an annotation: unreadable positions fall back to the quote', () => {
    const { a, annotation } = setup()
    const broken = {
      ...annotation,
      id: 'broken',
      anchor: { ...annotation.anchor, start: new Uint8Array([255]), end: new Uint8Array() },
    }
    const missing = {
      ...broken,
      id: 'missing',
      anchor: { ...broken.anchor, exact: 'not in the text' },
    }
    const resolved = resolveAnchors([annotation, broken, missing], a.fragment)
    expect([...resolved.keys()]).toEqual([annotation.id, 'broken', 'missing'])
    expect(resolved.get('broken')).toEqual(resolved.get(annotation.id))
    expect(resolved.get('missing')).toEqual(orphaned)
  })
})
