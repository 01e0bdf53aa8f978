import { readFileSync } from 'node:fs'
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib'
import type { Node } from 'prosemirror-model'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ImportedDocument } from './importing'
import { refusal } from './importing.testkit'
import { parseMarkdown } from './markdown'
import { parsePdf } from './pdf'
import { textblockText } from './text'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)))
const sidecar = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'))

interface BriefSidecar {
  blocks: Array<{ level: number | null; page: number; lastPage?: number; lineBeforeBreak?: string }>
  hyphenated: { word: string; head: string; page: number }
  furniture: Record<string, string>
  replacements: Record<string, string>
}

interface ColumnsSidecar {
  blocks: Array<{ level: number | null; page: number; text: string }>
  furniture: Record<string, string>
}

interface Block {
  level: number | null
  text: string
  page: number | null
}

/** The textblocks of a document in order, as the canonical text sees them. */
function blocksOf(doc: Node): Block[] {
  const blocks: Block[] = []
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    const level = node.type.name === 'heading' ? (node.attrs.level as number) : null
    blocks.push({ level, text: textblockText(node), page: node.attrs.page as number | null })
    return false
  })
  return blocks
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now()
  const result = await run()
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`)
  return result
}

/** The ImportError parsePdf refuses `bytes` with. */
function pdfRefusal(bytes: Uint8Array, options?: Parameters<typeof parsePdf>[1]) {
  return refusal(() => parsePdf(bytes, options))
}

const briefMarkdown = readFileSync(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
  'utf8',
)

describe('parsePdf on the brief laid out as a PDF', () => {
  const pages = sidecar<BriefSidecar>('brief.pages.json')
  let imported: Block[] = []
  let record: ImportedDocument['record'] = {}
  beforeAll(async () => {
    const result = await timed('brief.pdf import (the first, loading pdfjs)', () =>
      parsePdf(fixture('brief.pdf')),
    )
    imported = blocksOf(result.doc)
    record = result.record
    await timed('brief.pdf import (again)', () => parsePdf(fixture('brief.pdf')))
  })

  it('gives the same headings and paragraphs, in order and with the same text, as the Markdown brief', () => {
    const replace = (text: string) =>
      Object.entries(pages.replacements).reduce((t, [from, to]) => t.replaceAll(from, to), text)
    const expected = blocksOf(parseMarkdown(briefMarkdown).doc).map((b) => ({
      level: b.level,
      text: replace(b.text),
    }))
    console.log(
      `brief.pdf: ${imported.length} textblocks over ${new Set(imported.map((b) => b.page)).size} pages`,
    )
    expect(imported.map(({ level, text }) => ({ level, text }))).toEqual(expected)
  })

  it('keeps the page each paragraph and heading starts on', () => {
    expect(imported.map((b) => b.page)).toEqual(pages.blocks.map((b) => b.page))
  })

  it('leaves out the running footer and the page numbers', () => {
    for (const block of imported) {
      for (const furniture of Object.values(pages.furniture))
        expect(block.text).not.toContain(furniture)
      expect(block.text).not.toMatch(/^\d+$/)
      expect(block.text).not.toMatch(/ \d+$/)
    }
  })

  it('rejoins the word hyphenated at a line end', () => {
    const { word, head } = pages.hyphenated
    const holder = imported.find((b) => b.text.includes(word))
    expect(holder).toBeDefined()
    expect(imported.some((b) => b.text.includes(`${head}-`))).toBe(false)
  })

  it('joins each paragraph a page break split into one paragraph on the page it started', () => {
    const split = pages.blocks.flatMap((b, i) => (b.lastPage !== undefined ? [{ ...b, i }] : []))
    expect(split.length).toBeGreaterThan(0)
    for (const block of split) {
      const joined = imported[block.i]!
      expect(joined.level).toBeNull()
      expect(joined.page).toBe(block.page)
      expect(block.lastPage).toBeGreaterThan(block.page)
      // The line that ended the first page runs on into the next page's text.
      expect(joined.text).toMatch(new RegExp(`${escapeRegExp(block.lineBeforeBreak!)} \\S`))
    }
  })

  it('reads the record from the info dictionary', () => {
    expect(record).toMatchObject({
      type: 'report',
      title: "North Korea's Foreign Relations in the Second Half of 2024 to Cope with Crisis",
      author: [{ family: 'Choi', given: 'Jangho' }],
    })
    expect(record.issued?.['date-parts']?.[0]?.[0]).toBe(2024)
    expect(record.abstract).toMatch(/North Korea/)
  })
})

describe('parsePdf on a two-column layout', () => {
  it('reads column by column, keeps the spanning title whole and finds paragraphs by their indents', async () => {
    const expected = sidecar<ColumnsSidecar>('columns.blocks.json')
    const { doc } = await timed('columns.pdf import', () => parsePdf(fixture('columns.pdf')))
    const imported = blocksOf(doc)
    expect(imported).toEqual(expected.blocks)
    const text = imported.map((b) => b.text).join('\n')
    for (const furniture of Object.values(expected.furniture)) expect(text).not.toContain(furniture)
    expect(text).not.toMatch(/Page \d+ of \d+/)
  })
})

/**
 * A one-page PDF with a bold heading over two spaced paragraphs, made here with pdf-lib. A
 * rotated page (/Rotate 90, as landscape pages are stored) has its text drawn turned the
 * other way in PDF space, so that it reads upright on screen.
 */
async function smallPdf(options: { title?: string; rotated?: boolean } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  if (options.title !== undefined) pdf.setTitle(options.title)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  const regular = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  // (left, top) on screen -> PDF space.
  const at = (left: number, top: number) =>
    options.rotated
      ? { x: top, y: left, rotate: degrees(90) }
      : { x: left, y: 842 - top, rotate: degrees(0) }
  page.drawText('Summits ahead', { ...at(72, 80), size: 16, font: bold })
  const first = 'North Korea could host up to three summits in 2024 alone.'
  page.drawText(first, { ...at(72, 110), size: 10, font: regular })
  page.drawText('Each would ease the combined crisis.', { ...at(72, 140), size: 10, font: regular })
  if (options.rotated) page.setRotation(degrees(90))
  return pdf.save()
}

describe('parsePdf on small generated PDFs', () => {
  const expected = [
    { level: 1, page: 1, text: 'Summits ahead' },
    { level: null, page: 1, text: 'North Korea could host up to three summits in 2024 alone.' },
    { level: null, page: 1, text: 'Each would ease the combined crisis.' },
  ]

  it('takes the title from the first heading when the info dictionary has none', async () => {
    const { doc, record } = await parsePdf(await smallPdf())
    expect(blocksOf(doc)).toEqual(expected)
    expect(record.title).toBe('Summits ahead')
  })

  it('reads a page that is displayed rotated', async () => {
    const { doc } = await parsePdf(await smallPdf({ title: 'Rotated', rotated: true }))
    expect(blocksOf(doc)).toEqual(expected)
  })
})

describe('parsePdf refusals', () => {
  afterEach(() => vi.restoreAllMocks())

  it('says a PDF without a text layer has no text and that OCR is not supported', async () => {
    const error = await pdfRefusal(fixture('scan.pdf'))
    expect(error.code).toBe('no-text')
    expect(error.message).toMatch(/no text layer/)
    expect(error.message).toMatch(/OCR is not supported/)
  })

  it('refuses a truncated PDF as corrupt, with the reason', async () => {
    const brief = fixture('brief.pdf')
    const error = await pdfRefusal(brief.subarray(0, Math.floor(brief.length * 0.6)))
    expect(error.code).toBe('corrupt')
    expect(error.message).toMatch(/truncated/)
  })

  it("refuses bytes that are not a PDF, or a PDF pdfjs cannot parse, as corrupt with pdfjs's reason", async () => {
    expect((await pdfRefusal(new TextEncoder().encode('<html>not a pdf</html>'))).code).toBe(
      'corrupt',
    )
    const broken = await pdfRefusal(
      new TextEncoder().encode('%PDF-1.7\n1 0 obj <<\ngarbage\n%%EOF\n'),
    )
    expect(broken.code).toBe('corrupt')
    expect(broken.message).toMatch(/Invalid PDF structure/)
  })

  it('refuses a password-protected PDF and says to remove the password', async () => {
    const error = await pdfRefusal(fixture('encrypted.pdf'))
    expect(error.code).toBe('encrypted')
    expect(error.message).toBe('the PDF is encrypted; remove the password and try again')
  })

  it('refuses more pages than allowed, and stops when its signal aborts', async () => {
    expect((await pdfRefusal(fixture('brief.pdf'), { maxPages: 2 })).code).toBe('too-large')
    expect((await pdfRefusal(fixture('brief.pdf'), { signal: AbortSignal.abort() })).code).toBe(
      'timeout',
    )
  })

  it('takes a Buffer, leaves it as it was and prints nothing to the console', async () => {
    const spies = (['log', 'warn', 'error', 'info'] as const).map((m) => vi.spyOn(console, m))
    // Node's Buffer, as a server reads a file.
    const bytes = readFileSync(new URL('../fixtures/brief.pdf', import.meta.url))
    const copy = Buffer.from(bytes)
    await parsePdf(bytes)
    await parsePdf(fixture('columns.pdf'))
    await parsePdf(fixture('scan.pdf')).catch(() => undefined)
    await parsePdf(fixture('encrypted.pdf')).catch(() => undefined)
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    expect(bytes).toEqual(copy)
  })
})
