import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { schema } from './schema'
import { textMap } from './text'

const t = (text: string, ...marks: string[]) =>
  schema.text(
    text,
    marks.map((m) => schema.mark(m)),
  )
const br = () => schema.node('hard_break')
const p = (...content: Node[]) => schema.node('paragraph', null, content)
const h = (level: number, text: string) => schema.node('heading', { level }, [t(text)])
const hr = () => schema.node('horizontal_rule')
const quote = (...content: Node[]) => schema.node('blockquote', null, content)
const li = (...content: Node[]) => schema.node('list_item', null, content)
const ul = (...items: Node[]) => schema.node('bullet_list', null, items)
const ol = (...items: Node[]) => schema.node('ordered_list', null, items)
const doc = (...content: Node[]) => schema.node('doc', null, content)

// <h1>T</h1><blockquote><p>ab</p></blockquote><hr><p></p><p>c</p>
// positions: T 1-2 | a 5, b 6, end 7 | hr 9 | empty p content 11 | c 13-14; size 15
const mixed = doc(h(1, 'T'), quote(p(t('ab'))), hr(), p(), p(t('c')))

describe('canonical text', () => {
  it('joins textblocks with exactly one newline', () => {
    expect(textMap(doc(p(t('one')), p(t('two')), h(2, 'three'))).text).toBe('one\ntwo\nthree')
  })

  it('counts a hard break as one space', () => {
    expect(textMap(doc(p(t('line'), br(), t('next')))).text).toBe('line next')
  })

  it('adds nothing for a horizontal rule, not even a newline', () => {
    expect(textMap(doc(p(t('a')), hr(), p(t('b')))).text).toBe('a\nb')
  })

  it('keeps empty paragraphs as empty blocks', () => {
    const map = textMap(doc(p(t('a')), p(), p(t('b'))))
    expect(map.text).toBe('a\n\nb')
    expect(map.blocks.map((b) => [b.start, b.end])).toEqual([
      [0, 1],
      [2, 2],
      [3, 4],
    ])
  })

  it('reads text through marks, lists and blockquotes in document order', () => {
    const d = doc(
      p(t('plain '), t('bold', 'strong'), t(' and '), t('code', 'code')),
      ul(li(p(t('first'))), li(p(t('second')), ol(li(p(t('nested')))))),
      quote(p(t('quoted')), quote(p(t('deeper')))),
    )
    expect(textMap(d).text).toBe('plain bold and code\nfirst\nsecond\nnested\nquoted\ndeeper')
  })

  it('counts offsets in UTF-16 code units', () => {
    const map = textMap(doc(p(t('a😀b')), p(t('c'))))
    expect(map.text.length).toBe(6)
    expect(map.blocks[1]!.start).toBe(5)
    expect(map.toPos(3)).toBe(4)
  })
})

describe('blocks', () => {
  it('numbers every non-heading textblock 1..n, headings null', () => {
    const d = doc(h(1, 'Title'), p(t('a')), ul(li(p(t('b')))), quote(p(t('c'))), h(2, 'Sub'), p())
    expect(textMap(d).blocks.map((b) => b.paragraph)).toEqual([null, 1, 2, 3, null, 4])
  })

  it('records heading levels and the heading path in force at each block', () => {
    const d = doc(
      h(1, 'A'),
      p(t('a')),
      h(2, 'B'),
      h(3, 'C'),
      p(t('c')),
      h(2, 'D'),
      p(t('d')),
      h(1, 'E'),
      p(t('e')),
    )
    expect(textMap(d).blocks.map((b) => [b.heading, b.headingPath])).toEqual([
      [1, ['A']],
      [null, ['A']],
      [2, ['A', 'B']],
      [3, ['A', 'B', 'C']],
      [null, ['A', 'B', 'C']],
      [2, ['A', 'D']],
      [null, ['A', 'D']],
      [1, ['E']],
      [null, ['E']],
    ])
  })

  it('gives blocks before any heading an empty path', () => {
    expect(textMap(doc(p(t('x')), h(3, 'Late'))).blocks[0]!.headingPath).toEqual([])
  })
})

describe('toOffset', () => {
  it('maps positions inside textblocks to the offset of the character after them', () => {
    const map = textMap(mixed)
    expect([1, 2, 5, 6, 7, 11, 13, 14].map(map.toOffset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('maps positions between blocks to the start of the next textblock', () => {
    const map = textMap(mixed)
    expect([0, 3, 4, 8, 9, 10, 12].map(map.toOffset)).toEqual([0, 2, 2, 5, 5, 5, 6])
  })

  it('maps positions after the last textblock to the end of the text', () => {
    const map = textMap(doc(p(t('ab')), hr()))
    expect([3, 4, 5].map(map.toOffset)).toEqual([2, 2, 2])
  })
})

describe('toPos', () => {
  it('maps each character offset to the position of that character', () => {
    const d = doc(h(1, 'Head'), ul(li(p(t('item'), br(), t('x')))), quote(p(t('q'))), p())
    const map = textMap(d)
    for (let offset = 0; offset < map.text.length; offset++) {
      if (map.text[offset] === '\n') continue
      const pos = map.toPos(offset)
      expect(d.textBetween(pos, pos + 1, '', ' ')).toBe(map.text[offset])
      expect(map.toOffset(pos)).toBe(offset)
    }
  })

  it('maps the offset of a joining newline to the end of the preceding block', () => {
    const map = textMap(mixed)
    expect(map.toPos(1)).toBe(2)
    expect(map.toPos(4)).toBe(7)
  })

  it('maps an empty textblock to its content position', () => {
    expect(textMap(mixed).toPos(5)).toBe(11)
  })

  it('clamps offsets outside the text', () => {
    const map = textMap(mixed)
    expect(map.toPos(-3)).toBe(1)
    expect(map.toPos(100)).toBe(14)
  })

  it('maps every offset to 0 when the document has no textblock', () => {
    const map = textMap(doc(hr()))
    expect([map.text, map.toPos(0), map.toOffset(1)]).toEqual(['', 0, 0])
  })
})
