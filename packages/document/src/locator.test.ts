import type { Node } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { initProseMirrorDoc, prosemirrorToYXmlFragment, updateYFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, fragmentText } from './fragment'
import { locate } from './locator'
import { parseMarkdown } from './markdown'
import { schema } from './schema'
import { textMap } from './text'

const { blocks, text } = textMap(
  parseMarkdown('Preface\n\n# Part\n\nOne\n\n## Chapter\n\nTwo\n\n- Three\n\n# Next\n\nFour').doc,
)
const at = (needle: string) => text.indexOf(needle)

describe('locate', () => {
  it('gives the paragraph number and heading path of an offset', () => {
    expect(locate(blocks, at('Two') + 1)).toEqual({
      section: 'Chapter',
      headingPath: ['Part', 'Chapter'],
      paragraph: 3,
      page: null,
    })
  })

  it('gives an empty section before the first heading', () => {
    expect(locate(blocks, 0)).toEqual({
      section: '',
      headingPath: [],
      paragraph: 1,
      page: null,
    })
  })

  it('gives paragraph null inside a heading, whose path ends with itself', () => {
    expect(locate(blocks, at('Chapter'))).toEqual({
      section: 'Chapter',
      headingPath: ['Part', 'Chapter'],
      paragraph: null,
      page: null,
    })
  })

  it('counts list paragraphs and resets the path at a new top-level heading', () => {
    expect(locate(blocks, at('Three')).paragraph).toBe(4)
    expect(locate(blocks, at('Four'))).toEqual({
      section: 'Next',
      headingPath: ['Next'],
      paragraph: 5,
      page: null,
    })
  })

  it('places the joining newline and the end of a block in the block before it', () => {
    expect(locate(blocks, at('One') + 3).paragraph).toBe(2)
  })

  it('clamps offsets outside the text to the first and last blocks', () => {
    expect(locate(blocks, -5).paragraph).toBe(1)
    expect(locate(blocks, text.length + 5).paragraph).toBe(5)
  })

  it('locates nothing in a document without blocks', () => {
    expect(locate([], 0)).toEqual({
      section: '',
      headingPath: [],
      paragraph: null,
      page: null,
    })
  })

  it('returns a heading path the caller may change without touching the blocks', () => {
    locate(blocks, at('Two')).headingPath.push('mutated')
    expect(locate(blocks, at('Two')).headingPath).toEqual(['Part', 'Chapter'])
  })
})

/** A document from pages: a title, then paragraphs and a heading, each with its source page. */
const paged = schema.node('doc', null, [
  schema.node('heading', { level: 1, page: 1 }, [schema.text('Title')]),
  schema.node('paragraph', { page: 1 }, [schema.text('Alpha one.')]),
  schema.node('paragraph', { page: 2 }, [schema.text('Beta two, split here and on.')]),
  schema.node('heading', { level: 2, page: 3 }, [schema.text('Section')]),
  schema.node('bullet_list', null, [
    schema.node('list_item', null, [schema.node('paragraph', { page: 3 }, [schema.text('Gamma')])]),
  ]),
  schema.node('paragraph', { page: 4 }, [schema.text('Delta.')]),
])

/** The y-prosemirror content of a document, as the server stores it. */
function yContent(doc: Node): { ydoc: Y.Doc; fragment: Y.XmlFragment } {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  prosemirrorToYXmlFragment(doc, fragment)
  return { ydoc, fragment }
}

const pageOfEach = (blocks: Array<{ page: number | null }>) => blocks.map((b) => b.page)

describe('page locators', () => {
  it('gives every block of a ProseMirror document the page its node carries', () => {
    expect(pageOfEach(textMap(paged).blocks)).toEqual([1, 1, 2, 3, 3, 4])
  })

  it('reads the same pages from the Yjs content, where each is an element attribute', () => {
    const { fragment } = yContent(paged)
    expect((fragment.get(2) as Y.XmlElement).getAttribute('page')).toBe(2)
    expect(fragmentText(fragment).blocks).toEqual(textMap(paged).blocks)
  })

  it('locates an offset on the page of its block, with its paragraph and section', () => {
    const { text, blocks } = textMap(paged)
    expect(locate(blocks, text.indexOf('two'))).toEqual({
      section: 'Title',
      headingPath: ['Title'],
      paragraph: 2,
      page: 2,
    })
    expect(locate(blocks, text.indexOf('Gamma'))).toMatchObject({ paragraph: 3, page: 3 })
    expect(locate(blocks, text.indexOf('Section')).page).toBe(3)
    // The joining newline belongs to the block before it, and so does its page.
    expect(locate(blocks, text.indexOf('\nDelta')).page).toBe(3)
  })

  it('gives no page anywhere in a document without pages, nor in Yjs, which stores none', () => {
    const doc = parseMarkdown('# Head\n\nOne\n\n- Two').doc
    expect(pageOfEach(textMap(doc).blocks)).toEqual([null, null, null])
    const { fragment } = yContent(doc)
    expect((fragment.get(0) as Y.XmlElement).getAttributes()).not.toHaveProperty('page')
    expect(pageOfEach(fragmentText(fragment).blocks)).toEqual([null, null, null])
  })

  it('puts a block without a page on the page of the last block before it that has one', () => {
    const doc = schema.node('doc', null, [
      schema.node('paragraph', null, [schema.text('Before any page')]),
      schema.node('paragraph', { page: 5 }, [schema.text('On five')]),
      schema.node('paragraph', null, [schema.text('Written in later')]),
      schema.node('paragraph', { page: 6 }, [schema.text('On six')]),
    ])
    expect(pageOfEach(textMap(doc).blocks)).toEqual([null, 5, 5, 6])
    expect(pageOfEach(fragmentText(yContent(doc).fragment).blocks)).toEqual([null, 5, 5, 6])
  })

  it('reads a page stored as a numeric string and ignores one that is not a page number', () => {
    const { fragment } = yContent(paged)
    const [, first, second] = fragment.toArray() as Y.XmlElement[]
    first!.setAttribute('page', '7')
    second!.setAttribute('page', 'iv')
    // 'iv' is no page number: the block takes the page of the block before it.
    expect(pageOfEach(fragmentText(fragment).blocks)).toEqual([1, 7, 7, 3, 3, 4])
  })

  it('keeps the page on both halves of a paragraph split in the editor, and in Yjs', () => {
    const { ydoc, fragment } = yContent(paged)
    const binding = initProseMirrorDoc(fragment, schema)
    const before = textMap(binding.doc)
    const state = EditorState.create({ doc: binding.doc })
    const tr = state.tr.split(before.toPos(before.text.indexOf(' and on')))
    const after = state.apply(tr).doc
    ydoc.transact(() => updateYFragment(ydoc, fragment, after, binding.meta))

    const edited = textMap(after)
    expect(edited.text).toContain('split here\n and on.')
    expect(pageOfEach(edited.blocks)).toEqual([1, 1, 2, 2, 3, 3, 4])
    expect(locate(edited.blocks, edited.text.indexOf('and on'))).toMatchObject({
      paragraph: 3,
      page: 2,
    })
    const read = fragmentText(fragment)
    expect(read.text).toBe(edited.text)
    expect(read.blocks).toEqual(edited.blocks)
    expect((fragment.get(3) as Y.XmlElement).getAttribute('page')).toBe(2)
  })
})
