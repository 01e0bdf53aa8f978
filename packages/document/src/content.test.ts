import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readContent, writeContent } from './content'
import { CONTENT_FRAGMENT, fragmentText } from './fragment'
import { parseMarkdown } from './markdown'
import { textMap } from './text'

const { doc } = parseMarkdown(
  '# Title\n\nSome *marked* text  \nwith a break.\n\n- a list\n\n> a quote',
)

describe('writeContent and readContent', () => {
  it('round-trip a document through a Y.Doc unchanged', () => {
    const ydoc = new Y.Doc()
    writeContent(doc, ydoc)
    expect(readContent(ydoc).eq(doc)).toBe(true)
  })

  it(`write into the '${CONTENT_FRAGMENT}' fragment that fragmentText reads`, () => {
    const ydoc = new Y.Doc()
    writeContent(doc, ydoc)
    expect(fragmentText(ydoc.getXmlFragment('prosemirror')).text).toBe(textMap(doc).text)
  })

  it('carry the content to another Y.Doc through a Yjs update', () => {
    const source = new Y.Doc()
    writeContent(doc, source)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source))
    expect(readContent(copy).eq(doc)).toBe(true)
  })

  it('refuse to write over existing content', () => {
    const ydoc = new Y.Doc()
    writeContent(doc, ydoc)
    expect(() => writeContent(doc, ydoc)).toThrow(/empty/)
  })

  it('read an empty Y.Doc as a valid document of one empty paragraph', () => {
    const empty = readContent(new Y.Doc())
    expect(empty.toJSON()).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { page: null } }],
    })
    expect(() => empty.check()).not.toThrow()
  })
})
