import { describe, expect, it } from 'vitest'
import { locate } from './locator'
import { parseMarkdown } from './markdown'
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
    })
  })

  it('gives an empty section before the first heading', () => {
    expect(locate(blocks, 0)).toEqual({ section: '', headingPath: [], paragraph: 1 })
  })

  it('gives paragraph null inside a heading, whose path ends with itself', () => {
    expect(locate(blocks, at('Chapter'))).toEqual({
      section: 'Chapter',
      headingPath: ['Part', 'Chapter'],
      paragraph: null,
    })
  })

  it('counts list paragraphs and resets the path at a new top-level heading', () => {
    expect(locate(blocks, at('Three')).paragraph).toBe(4)
    expect(locate(blocks, at('Four'))).toEqual({
      section: 'Next',
      headingPath: ['Next'],
      paragraph: 5,
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
    expect(locate([], 0)).toEqual({ section: '', headingPath: [], paragraph: null })
  })

  it('returns a heading path the caller may change without touching the blocks', () => {
    locate(blocks, at('Two')).headingPath.push('mutated')
    expect(locate(blocks, at('Two')).headingPath).toEqual(['Part', 'Chapter'])
  })
})
