import { describe, expect, it } from 'vitest'
import { refusal } from './importing.testkit'
import { parseText, plainTitleLength } from './plaintext'
import { textMap } from './text'

const encode = (text: string) => new TextEncoder().encode(text)

function blocksOf(bytes: Uint8Array | string): Array<[number | null, string]> {
  const { text, blocks } = textMap(parseText(bytes).doc)
  return blocks.map((block) => [block.heading, text.slice(block.start, block.end)])
}

describe('parseText', () => {
  it('makes a paragraph of each run of lines between blank lines, its lines joined by a space', () => {
    const source =
      'A short title\n\nFirst line of a paragraph\n  wrapped here.\n \t\n\n\nSecond one.\n'
    expect(blocksOf(encode(source))).toEqual([
      [null, 'A short title'],
      [null, 'First line of a paragraph wrapped here.'],
      [null, 'Second one.'],
    ])
  })

  it('reads CRLF and CR line ends and drops a byte order mark', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...encode('Caf\u00e9 one\r\ntwo\r\n\r\nthree\rfour'),
    ])
    expect(blocksOf(bytes)).toEqual([
      [null, 'Caf\u00e9 one two'],
      [null, 'three four'],
    ])
    expect(blocksOf('\uFEFFbom')).toEqual([[null, 'bom']])
  })

  it('makes no headings, even of lines that look like Markdown headings', () => {
    expect(blocksOf('# Not a heading\n\nText.')).toEqual([
      [null, '# Not a heading'],
      [null, 'Text.'],
    ])
  })

  it('takes a short first paragraph as the title when more text follows', () => {
    expect(parseText('Title line\n\nBody.').record).toEqual({ title: 'Title line' })
    expect(parseText('Only one paragraph.').record).toEqual({})
    const long = 'x'.repeat(plainTitleLength)
    expect(parseText(`${long}\n\nBody.`).record).toEqual({})
  })

  it('turns tabs and control characters into spaces', () => {
    expect(blocksOf('a\tb\u0007c')).toEqual([[null, 'a b c']])
  })

  it('refuses bytes that are not UTF-8, or that hold NUL, as corrupt', async () => {
    const invalid = await refusal(() => parseText(new Uint8Array([0x61, 0xff, 0xfe, 0x62])))
    expect(invalid.code).toBe('corrupt')
    // UTF-16 text decodes as UTF-8 full of NULs.
    expect((await refusal(() => parseText(new Uint8Array([0x61, 0, 0x62, 0])))).code).toBe(
      'corrupt',
    )
  })

  it('refuses a file of blank lines as empty', async () => {
    expect((await refusal(() => parseText(encode(' \n\t\r\n\n')))).code).toBe('empty')
  })
})
