import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tinyPdf } from '../../../tests/support/tiny-pdf'
import { parseHtml } from './html'
import type { SourceType } from './importing'
import { refusal } from './importing.testkit'
import { parseMarkdown } from './markdown'
import { importSource } from './sources'
import { textMap } from './text'

const markdown = readFileSync(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
)
const html = readFileSync(new URL('../fixtures/brief.html', import.meta.url))
const encode = (text: string) => new TextEncoder().encode(text)

describe('importSource', () => {
  it('imports Markdown as parseMarkdown does, record and all', async () => {
    const imported = await importSource(markdown, 'markdown')
    const expected = parseMarkdown(markdown.toString('utf8'))
    expect(imported.doc.eq(expected.doc)).toBe(true)
    expect(imported.record).toEqual(expected.record)
  })

  it('imports a web page as parseHtml does, with the base address given', async () => {
    const imported = await importSource(html, 'html', { baseUrl: 'https://www.kiep.go.kr/' })
    expect(imported.doc.eq(parseHtml(html).doc)).toBe(true)
    expect(imported.record.type).toBe('report')
  })

  it('imports plain text as paragraphs', async () => {
    const imported = await importSource(encode('Title\n\nBody text.'), 'text')
    expect(imported.doc.childCount).toBe(2)
    expect(imported.record).toEqual({ title: 'Title' })
  })

  it('imports a PDF through parsePdf, each paragraph with its page', async () => {
    const imported = await importSource(tinyPdf('A line of a PDF.'), 'pdf')
    expect(imported.doc.toJSON()).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { page: 1 },
          content: [{ type: 'text', text: 'A line of a PDF.' }],
        },
      ],
    })
  })

  it("imports the brief PDF from a Node Buffer with the Markdown brief's text", async () => {
    const pdf = readFileSync(new URL('../fixtures/brief.pdf', import.meta.url))
    const imported = await importSource(pdf, 'pdf')
    expect(textMap(imported.doc).text).toBe(
      textMap(parseMarkdown(markdown.toString('utf8')).doc).text,
    )
  })

  it('passes on the PDF importer refusing a page without text', async () => {
    const error = await refusal(() => importSource(tinyPdf(null), 'pdf'))
    expect(error.code).toBe('no-text')
    expect(error.message).toMatch(/OCR/)
  })

  it('refuses an empty source of every kind', async () => {
    for (const type of ['markdown', 'html', 'text', 'pdf'] as SourceType[]) {
      const error = await refusal(() => importSource(new Uint8Array(), type))
      expect({ type, code: error.code }).toEqual({ type, code: 'empty' })
    }
  })

  it('refuses a source whose import has no text as empty', async () => {
    expect(
      (await refusal(() => importSource(encode('---\ntitle: T\n---\n\n'), 'markdown'))).code,
    ).toBe('empty')
    expect((await refusal(() => importSource(encode('<script>x</script>'), 'html'))).code).toBe(
      'empty',
    )
  })

  it('refuses a source above the size limit as too large', async () => {
    const error = await refusal(() => importSource(encode('abcdef'), 'text', { maxBytes: 5 }))
    expect(error.code).toBe('too-large')
    expect(error.message).toMatch(/larger than 5 bytes/)
  })

  it('refuses Markdown that is not UTF-8, or whose front matter is broken, as corrupt', async () => {
    const latin1 = new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9])
    expect((await refusal(() => importSource(latin1, 'markdown'))).code).toBe('corrupt')
    const broken = await refusal(() =>
      importSource(encode('---\n- a list\n---\n\nText'), 'markdown'),
    )
    expect(broken.code).toBe('corrupt')
    expect(broken.message).toMatch(/front matter/)
  })

  it('refuses a kind it does not know', async () => {
    const error = await refusal(() => importSource(encode('x'), 'docx' as SourceType))
    expect(error.code).toBe('unsupported-type')
  })
})
