import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fragmentText, parseMarkdown, schema } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import { resolveAnchors } from './anchoring'
import { type EditorSession, editorSession } from './editor.testkit'
import type { Annotation } from './model'
import { createAnnotation, getAnnotation, listAnnotations } from './store'
import { sameModuloBlockWhitespace } from './whitespace'

const briefPath = fileURLToPath(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
)
const STATISTIC = 'North Korean exports fell by 86.3 percent year-on-year'
const OPENING = 'The biggest reason cited by experts is improved relations with China.'
const SAME_WORDS = 'between North Korea and China'

/** The brief in an editor, with an annotation on the n-th occurrence of `exact`. */
function session(exact = STATISTIC, nth = 0) {
  const editor = editorSession(parseMarkdown(readFileSync(briefPath, 'utf8')).doc)
  const annotation = annotate(editor, exact, nth)
  return { editor, annotation }
}

function annotate(editor: EditorSession, exact: string, nth = 0): Annotation {
  const start = offsetOf(editor, exact, nth)
  return createAnnotation(editor.annotations, editor.fragment, {
    kind: 'claim',
    span: { start, end: start + exact.length },
    creator: 'editor',
  })
}

function textOf(editor: EditorSession): string {
  return fragmentText(editor.fragment).text
}

function offsetOf(editor: EditorSession, needle: string, nth = 0): number {
  const text = textOf(editor)
  let at = text.indexOf(needle)
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1)
  if (at === -1) throw new Error(`"${needle}" is not in the text`)
  return at
}

function resolved(editor: EditorSession, annotation: Annotation) {
  return resolveAnchors(listAnnotations(editor.annotations), editor.fragment).get(annotation.id)
}

/** Where a resolved passage must be: its text read at its span of the current text. */
function expectAnchoredOn(editor: EditorSession, annotation: Annotation, text: string) {
  const start = textOf(editor).indexOf(text)
  expect(start).not.toBe(-1)
  expect(resolved(editor, annotation)).toEqual({
    health: 'anchored',
    span: { start, end: start + text.length },
    text,
  })
}

describe('editing the brief in the editor (ProseMirror through y-prosemirror)', () => {
  it('marks a passage typed into as drifted, with the current text beside the stored quote', () => {
    const { editor, annotation } = session()
    editor.edit((tr) =>
      tr.insertText('reportedly ', editor.posAt(offsetOf(editor, 'fell by 86.3'))),
    )
    const now = 'North Korean exports reportedly fell by 86.3 percent year-on-year'
    const start = offsetOf(editor, now)
    expect(resolved(editor, annotation)).toEqual({
      health: 'drifted',
      span: { start, end: start + now.length },
      text: now,
    })
    expect(getAnnotation(editor.annotations, annotation.id)?.anchor.exact).toBe(STATISTIC)
  })

  it('marks a deleted passage orphaned, and keeps it', () => {
    const { editor, annotation } = session()
    const start = offsetOf(editor, STATISTIC)
    editor.edit((tr) => tr.delete(editor.posAt(start), editor.posAt(start + STATISTIC.length)))
    expect(resolved(editor, annotation)).toEqual({ health: 'orphaned', span: null, text: '' })
    expect(listAnnotations(editor.annotations).map((a) => a.id)).toEqual([annotation.id])
  })

  // Offsets of the split relative to the passage's start (S) or end (E).
  const splits: Array<[where: string, from: 'S' | 'E', by: number]> = [
    ['well before it', 'S', -150],
    ['30 characters before it', 'S', -30],
    ['right before it', 'S', 0],
    ['inside it, at a space', 'S', 'North Korean'.length],
    ['inside it, in a word', 'S', 'North Korean exp'.length],
    ['right after it', 'E', 0],
    ['20 characters after it', 'E', 20],
    ['well after it', 'E', 150],
  ]
  it.each(splits)('keeps a passage anchored when its paragraph is split %s', (_, from, by) => {
    const { editor, annotation } = session()
    const start = offsetOf(editor, STATISTIC)
    const at = (from === 'S' ? start : start + STATISTIC.length) + by
    editor.edit((tr) => tr.split(editor.posAt(at)))
    expect(textOf(editor).slice(at, at + 1)).toBe('\n')
    const found = resolved(editor, annotation)
    expect(found?.health).toBe('anchored')
    expect(sameModuloBlockWhitespace(found!.text, STATISTIC)).toBe(true)
    expect(textOf(editor).slice(found!.span!.start, found!.span!.end)).toBe(found!.text)
    const outside = from === 'E' || by <= 0
    if (outside) expect(found!.text).toBe(STATISTIC)
  })

  it('keeps a passage anchored when its paragraph is joined with the next', () => {
    const { editor, annotation } = session()
    const end = offsetOf(editor, "The problem is North Korea's response")
    const paragraphEnd = textOf(editor).indexOf('\n', end)
    editor.edit((tr) => tr.join(editor.posAt(paragraphEnd) + 1))
    expect(textOf(editor)).toMatch(/[^\n]North Korea's behavior during/)
    expectAnchoredOn(editor, annotation, STATISTIC)
  })

  it('keeps a passage at the start of a paragraph anchored when that paragraph is joined to the one before', () => {
    const { editor, annotation } = session(OPENING)
    editor.edit((tr) => tr.join(editor.posAt(offsetOf(editor, OPENING)) - 1))
    expect(textOf(editor)).toContain(`relief?${OPENING}`)
    expectAnchoredOn(editor, annotation, OPENING)
  })

  it('keeps export offsets in UTF-16 code units when an emoji is typed before a passage', () => {
    const { editor, annotation } = session()
    editor.edit((tr) => tr.insertText('🌾 ', editor.posAt(0)))
    const paragraph = offsetOf(editor, 'A number of previous studies')
    editor.edit((tr) => tr.insertText('📉', editor.posAt(paragraph)))
    const text = textOf(editor)
    const found = resolved(editor, annotation)
    expect(found?.span?.start).toBe(text.indexOf(STATISTIC))
    expect(found?.span?.start).toBe(annotation.anchor.position.start + 5)
    expect(text.slice(found!.span!.start, found!.span!.end)).toBe(STATISTIC)
  })

  it('anchors a passage whose words occur twice to the one whose prefix and suffix match', () => {
    // The third occurrence; a split just before it leaves only its quote and context to go by.
    const { editor, annotation } = session(SAME_WORDS, 2)
    const expected = offsetOf(editor, SAME_WORDS, 2)
    editor.edit((tr) => tr.split(editor.posAt(expected)))
    expect(resolved(editor, annotation)).toMatchObject({
      health: 'anchored',
      span: { start: expected + 1, end: expected + 1 + SAME_WORDS.length },
    })
    // An imported annotation (its positions point nowhere) is placed the same way.
    const imported = {
      ...annotation,
      anchor: { ...annotation.anchor, start: new Uint8Array(), end: new Uint8Array() },
    }
    expect(resolveAnchors([imported], editor.fragment).get(annotation.id)).toMatchObject({
      health: 'anchored',
      span: { start: expected + 1 },
    })
  })

  it('orphans a passage whose quote and context now match twice equally well, rather than guess', () => {
    const { editor, annotation } = session()
    const start = offsetOf(editor, STATISTIC)
    // The paragraph is copied in after itself, then the original is split right before the passage.
    const paragraph = editor.doc.resolve(editor.posAt(start)).parent
    const after = editor.doc.resolve(editor.posAt(start)).after()
    editor.edit((tr) => tr.insert(after, schema.nodes.paragraph!.create(null, paragraph.content)))
    editor.edit((tr) => tr.split(editor.posAt(start)))
    expect(textOf(editor).split(STATISTIC)).toHaveLength(3)
    expect(resolved(editor, annotation)).toEqual({ health: 'orphaned', span: null, text: '' })
  })

  it('orphans a deleted passage that was pasted twice elsewhere, rather than pick a copy', () => {
    const { editor, annotation } = session()
    const start = offsetOf(editor, STATISTIC)
    const $pos = editor.doc.resolve(editor.posAt(start))
    const copy = () => schema.nodes.paragraph!.create(null, $pos.parent.content)
    editor.edit((tr) => tr.insert(editor.doc.content.size, [copy(), copy()]))
    editor.edit((tr) => tr.delete($pos.before(), $pos.after()))
    expect(resolved(editor, annotation)).toEqual({ health: 'orphaned', span: null, text: '' })
  })
})
