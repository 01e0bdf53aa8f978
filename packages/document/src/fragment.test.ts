import { readFileSync } from 'node:fs'
import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { readContent } from './content'
import { CONTENT_FRAGMENT, fragmentText } from './fragment'
import { parseMarkdown } from './markdown'
import { schema } from './schema'
import { textMap } from './text'

const brief = readFileSync(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
  'utf8',
)

/** A Y.Doc whose content fragment holds the document, as y-prosemirror stores it. */
function contentOf(doc: Node): { ydoc: Y.Doc; fragment: Y.XmlFragment } {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  prosemirrorToYXmlFragment(doc, fragment)
  return { ydoc, fragment }
}

const documents: Record<string, Node> = {
  lists: parseMarkdown('- one\n- two\n  1. nested\n  2. more\n\n3. three\n4. four').doc,
  blockquotes: parseMarkdown('> quoted\n>\n> > deeper\n\nafter').doc,
  marks: parseMarkdown('plain *em* **strong** `code` [link](https://example.org "t") ***both***')
    .doc,
  'hard breaks': parseMarkdown('one  \ntwo\\\nthree  \n**four**').doc,
  'empty paragraphs': schema.node('doc', null, [
    schema.node('paragraph'),
    schema.node('heading', { level: 2 }, [schema.text('h')]),
    schema.node('paragraph'),
    schema.node('horizontal_rule'),
    schema.node('paragraph'),
  ]),
  'a hard break at the edges': schema.node('doc', null, [
    schema.node('paragraph', null, [schema.node('hard_break'), schema.text('x')]),
    schema.node('paragraph', null, [schema.text('y'), schema.node('hard_break')]),
    schema.node('paragraph', null, [schema.node('hard_break'), schema.node('hard_break')]),
  ]),
  'headings and surrogate pairs': parseMarkdown('# 😀 A\n\ntext 😀\n\n### C\n\n---\n\nend').doc,
  'the brief': parseMarkdown(brief).doc,
}

describe('fragmentText', () => {
  for (const [name, doc] of Object.entries(documents)) {
    it(`reads the same text and blocks as textMap: ${name}`, () => {
      const expected = textMap(doc)
      const actual = fragmentText(contentOf(doc).fragment)
      expect(actual.text).toBe(expected.text)
      expect(actual.blocks).toEqual(expected.blocks)
    })
  }

  it('reads the text of marked runs, not their XML', () => {
    const { fragment } = contentOf(parseMarkdown('a **b** [c](https://example.org)').doc)
    expect(fragmentText(fragment).text).toBe('a b c')
  })

  it('reads an empty fragment as no text and no blocks', () => {
    const fragment = new Y.Doc().getXmlFragment(CONTENT_FRAGMENT)
    expect(fragmentText(fragment)).toMatchObject({ text: '', blocks: [] })
    expect(() => fragmentText(fragment).typeIndexAt(0)).toThrow(RangeError)
  })

  it('stays equal to the ProseMirror reading after random edits made through Yjs', () => {
    const { ydoc, fragment } = contentOf(documents.lists!)
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const texts = () => {
      const found: Y.XmlText[] = []
      for (const node of fragment.createTreeWalker(() => true)) {
        if (node instanceof Y.XmlText) found.push(node)
      }
      return found
    }
    for (let step = 0; step < 200; step++) {
      const all = texts()
      const text = all[random(all.length)]!
      const at = random(text.length + 1)
      const choice = random(5)
      if (choice === 0 && text.length > at) text.delete(at, random(text.length - at) + 1)
      else if (choice === 1) text.format(at, random(4), { strong: {} })
      else if (choice === 2) {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(`new ${step}`)])
        fragment.insert(random(fragment.length + 1), [paragraph])
      } else if (choice === 3 && text.parent instanceof Y.XmlElement) {
        const parent = text.parent
        const index = parent.toArray().indexOf(text)
        parent.insert(index + 1, [new Y.XmlElement('hard_break')])
      } else text.insert(at, `+${step}😀`)
      const expected = textMap(readContent(ydoc)).text
      expect(fragmentText(fragment).text).toBe(expected)
    }
  })
})

describe('typeIndexAt and offsetOf', () => {
  it('round-trip every offset of the brief, also through Yjs relative positions', () => {
    const { ydoc, fragment } = contentOf(documents['the brief']!)
    const map = fragmentText(fragment)
    for (let offset = 0; offset <= map.text.length; offset++) {
      const { type, index } = map.typeIndexAt(offset)
      expect(map.offsetOf(type, index)).toBe(offset)
      const relative = Y.createRelativePositionFromTypeIndex(type, index)
      const absolute = Y.createAbsolutePositionFromRelativePosition(relative, ydoc)!
      expect(map.offsetOf(absolute.type, absolute.index)).toBe(offset)
    }
  })

  it('point inside the XmlText holding the character', () => {
    const { fragment } = contentOf(parseMarkdown('# Title\n\nab **cd**').doc)
    const map = fragmentText(fragment)
    const { type, index } = map.typeIndexAt(map.text.indexOf('c'))
    expect(type).toBeInstanceOf(Y.XmlText)
    expect((type as Y.XmlText).toDelta()[1]).toEqual({ insert: 'cd', attributes: { strong: {} } })
    expect(index).toBe(3)
  })

  it('point at the end of the last XmlText for the end of a block and its newline', () => {
    const { fragment } = contentOf(parseMarkdown('ab\n\ncd').doc)
    const map = fragmentText(fragment)
    const first = fragment.get(0) as Y.XmlElement
    expect(map.typeIndexAt(2)).toEqual({ type: first.get(0), index: 2 })
  })

  it('point into the element itself for an empty textblock', () => {
    const { fragment } = contentOf(documents['empty paragraphs']!)
    const map = fragmentText(fragment)
    expect(map.typeIndexAt(0)).toEqual({ type: fragment.get(0), index: 0 })
    expect(map.offsetOf(fragment.get(4) as Y.XmlElement, 0)).toBe(map.text.length)
  })

  it('point at the paragraph child for a hard break', () => {
    const { fragment } = contentOf(documents['a hard break at the edges']!)
    const map = fragmentText(fragment)
    const second = fragment.get(1) as Y.XmlElement
    expect(map.typeIndexAt(4)).toEqual({ type: second, index: 1 })
    expect(map.offsetOf(second.get(1) as Y.XmlElement, 0)).toBe(4)
  })

  it('map a container child to the start of the next textblock', () => {
    const { fragment } = contentOf(parseMarkdown('a\n\n---\n\n> b\n\n---').doc)
    const map = fragmentText(fragment)
    expect([0, 1, 2, 3, 4].map((i) => map.offsetOf(fragment, i))).toEqual([0, 2, 2, 3, 3])
  })

  it('give null for a type that is not part of the fragment', () => {
    const map = fragmentText(contentOf(documents.marks!).fragment)
    expect(map.offsetOf(new Y.XmlText('stray'), 0)).toBeNull()
  })

  it('follow the text when it is edited before the position', () => {
    const { ydoc, fragment } = contentOf(documents['the brief']!)
    const before = fragmentText(fragment)
    const start = before.text.indexOf('86.3 percent')
    const at = before.typeIndexAt(start)
    const relative = Y.createRelativePositionFromTypeIndex(at.type, at.index)
    const firstText = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText
    firstText.insert(0, 'Draft: ')
    const after = fragmentText(fragment)
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, ydoc)!
    const moved = after.offsetOf(absolute.type, absolute.index)!
    expect(moved).toBe(start + 7)
    expect(after.text.slice(moved, moved + 12)).toBe('86.3 percent')
  })
})
