/**
 * Writes the PDF fixtures of the importer tests into packages/document/fixtures/:
 *
 * - brief.pdf: the Markdown brief (documents/kiep-north-korea-foreign-relations-2024.md, read
 *   with parseMarkdown, every textblock in order) set on A4 pages in Times (standard fonts, not
 *   embedded): the title as a two-line 20 pt bold heading, paragraphs ragged right with space
 *   between them, a running footer and a page number on every page, paragraphs broken across
 *   pages, and one word hyphenated at a line end. Its info dictionary holds the title, the
 *   author "Choi, Jangho", a 2024 creation date, a subject and keywords.
 *   brief.pages.json (written with it) gives the page each textblock starts on, which blocks a
 *   page break split, the hyphenated word and the furniture texts.
 * - columns.pdf: the title across the top, then two bold section headings and eight of the
 *   brief's paragraphs set justified in two columns on US Letter, paragraphs marked by
 *   first-line indents only, a running header and "Page N of M" footers. columns.blocks.json
 *   gives its expected blocks (level, page, text).
 * - scan.pdf: two pages without any text, one holding an image, one vector drawing only.
 * - encrypted.pdf: a hand-written PDF whose trailer asks for a password (pdf-lib cannot encrypt).
 *
 * Text: every character of the brief (curly quotes, en dashes) and footer ("·") is in WinAnsi,
 * which the standard fonts encode, and pdfjs maps it back to the same Unicode; so the brief
 * round-trips unchanged and no character is replaced (the script fails, naming the character,
 * if the brief ever gains one that is not). Lines are broken at spaces only, never at a hyphen
 * the brief already has, so "year-on-year" stays whole; the one forced hyphenation breaks a
 * long lower-case word. Frames never end inside a paragraph right after a sentence end when the
 * next line starts with a capital (see FlowOptions.avoidAmbiguousBreaks in pdf-layout.ts).
 * The output is deterministic (fixed dates and producer), so regenerating changes nothing.
 *
 * Run: node --import tsx packages/document/scripts/make-brief-pdf.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib'
import { parseMarkdown } from '../src/markdown'
import { textblockText } from '../src/text'
import { encryptedPdf, grayPng } from './pdf-handmade'
import { type BlockStyle, Flow, type Frame } from './pdf-layout'

const fixtures = new URL('../fixtures/', import.meta.url)
const briefPath = new URL(
  '../../../documents/kiep-north-korea-foreign-relations-2024.md',
  import.meta.url,
)
const created = new Date('2024-06-14T09:00:00Z')
const footerText = "KIEP World Economy Brief · North Korea's Foreign Relations"
const headerLeft = 'World Economy Brief'
const headerRight = 'Vol. 14 No. 23 · 14 June 2024'

interface SourceBlock {
  level: number | null
  text: string
}

/** The brief's textblocks in document order, and its record. */
function readBrief() {
  const { doc, record } = parseMarkdown(readFileSync(briefPath, 'utf8'))
  const blocks: SourceBlock[] = []
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    blocks.push({
      level: node.type.name === 'heading' ? Number(node.attrs.level) : null,
      text: textblockText(node),
    })
    return false
  })
  return { blocks, title: String(record.title) }
}

/** Fails on a character a standard font cannot encode, rather than replacing it silently. */
function checkEncodable(font: PDFFont, blocks: readonly SourceBlock[]): void {
  for (const char of new Set(blocks.flatMap((b) => [...b.text]))) {
    try {
      font.encodeText(char)
    } catch {
      throw new Error(
        `the brief has ${JSON.stringify(char)}, which WinAnsi (standard fonts) cannot encode`,
      )
    }
  }
}

async function newDocument(title: string) {
  const pdf = await PDFDocument.create({ updateMetadata: false })
  pdf.setTitle(title)
  pdf.setAuthor('Choi, Jangho')
  pdf.setSubject("North Korea's external relations and summits in the second half of 2024")
  pdf.setKeywords(['North Korea', 'sanctions', 'China', 'Russia', 'Japan'])
  pdf.setCreator('Warrant fixture script')
  pdf.setProducer('pdf-lib 1.17.1')
  pdf.setCreationDate(created)
  pdf.setModificationDate(created)
  return pdf
}

const A4: [number, number] = [595.28, 841.89]
const letter: [number, number] = [612, 792]

/** brief.pdf: one column, ragged right, spaced paragraphs, footer and page number. */
async function makeBrief(blocks: readonly SourceBlock[], title: string) {
  const pdf = await newDocument(title)
  const times = await pdf.embedFont(StandardFonts.TimesRoman)
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold)
  const helvetica = await pdf.embedFont(StandardFonts.Helvetica)
  checkEncodable(times, blocks)
  const pages: PDFPage[] = []
  const flow = new Flow(
    () => {
      pages.push(pdf.addPage(A4))
      return {
        page: pages.at(-1)!,
        pageNumber: pages.length,
        x: 72,
        width: A4[0] - 144,
        top: A4[1] - 72,
        bottom: 72,
      }
    },
    { hyphenateOnce: 9, avoidAmbiguousBreaks: true },
  )
  const heading: BlockStyle = {
    font: bold,
    size: 20,
    leading: 24,
    spaceBefore: 0,
    indent: 0,
    justify: false,
  }
  const body: BlockStyle = {
    font: times,
    size: 11,
    leading: 14.5,
    spaceBefore: 9,
    indent: 0,
    justify: false,
  }
  const placed = blocks.map((block) => {
    const at = flow.place(block.text, block.level === null ? body : heading)
    return {
      level: block.level,
      page: at.firstPage,
      lastPage: at.lastPage,
      split: at.split,
      lineBeforeBreak: at.lineBeforeBreak,
    }
  })
  pages.forEach((page, i) => {
    page.drawText(footerText, { x: 72, y: 46, size: 8, font: helvetica, color: rgb(0.3, 0.3, 0.3) })
    const number = String(i + 1)
    const width = helvetica.widthOfTextAtSize(number, 9)
    page.drawText(number, { x: (A4[0] - width) / 2, y: 30, size: 9, font: helvetica })
  })
  if (!flow.hyphenation || flow.hyphenation.page < 0) throw new Error('no word was hyphenated')
  if (!placed.some((b) => b.split)) throw new Error('no paragraph was broken across a page')
  writeFileSync(new URL('brief.pdf', fixtures), await pdf.save())
  const sidecar = {
    note: 'Written by scripts/make-brief-pdf.ts with brief.pdf: where each textblock of the Markdown brief landed.',
    pages: pages.length,
    blocks: placed.map(({ level, page, lastPage, split, lineBeforeBreak }) =>
      split ? { level, page, lastPage, lineBeforeBreak } : { level, page },
    ),
    hyphenated: flow.hyphenation,
    // Objects, not arrays of strings, so that the JSON is already as Biome formats it.
    furniture: { footer: footerText },
    replacements: {},
  }
  writeFileSync(new URL('brief.pages.json', fixtures), `${JSON.stringify(sidecar, null, 2)}\n`)
  return {
    pages: pages.length,
    split: placed.filter((b) => b.split).length,
    hyphenated: flow.hyphenation,
  }
}

/** columns.pdf: a spanning title, then two justified columns with indented paragraphs. */
async function makeColumns(blocks: readonly SourceBlock[], title: string) {
  const pdf = await newDocument(title)
  const times = await pdf.embedFont(StandardFonts.TimesRoman)
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold)
  const helvetica = await pdf.embedFont(StandardFonts.Helvetica)
  const paragraphs = blocks.filter((b) => b.level === null && b.text.length > 300)
  const source: SourceBlock[] = [
    { level: 1, text: title },
    { level: 2, text: 'Sanctions and the border' },
    ...paragraphs.slice(0, 4),
    { level: 2, text: 'Partners: China and Russia' },
    ...paragraphs.slice(4, 8),
  ]
  const pages: PDFPage[] = [pdf.addPage(letter)]
  const margin = 54
  const top = letter[1] - 72
  const titleFlow = new Flow(() => ({
    page: pages[0]!,
    pageNumber: 1,
    x: margin,
    width: letter[0] - 2 * margin,
    top,
    bottom: 60,
  }))
  const titleStyle: BlockStyle = {
    font: bold,
    size: 18,
    leading: 22,
    spaceBefore: 0,
    indent: 0,
    justify: false,
  }
  const titleAt = titleFlow.place(source[0]!.text, titleStyle)
  const width = (letter[0] - 2 * margin - 24) / 2
  const columns = new Flow((previous: Frame | null): Frame => {
    if (previous === null) {
      return {
        page: pages[0]!,
        pageNumber: 1,
        x: margin,
        width,
        top: titleFlow.cursor - 18,
        bottom: 60,
      }
    }
    if (previous.x === margin) return { ...previous, x: margin + width + 24 }
    pages.push(pdf.addPage(letter))
    return { page: pages.at(-1)!, pageNumber: pages.length, x: margin, width, top, bottom: 60 }
  })
  const heading: BlockStyle = {
    font: bold,
    size: 10,
    leading: 12,
    spaceBefore: 12,
    indent: 0,
    justify: false,
  }
  const first: BlockStyle = {
    font: times,
    size: 10,
    leading: 12,
    spaceBefore: 0,
    indent: 0,
    justify: true,
  }
  const body: BlockStyle = { ...first, indent: 15 }
  const expected = [{ level: 1, page: titleAt.firstPage, text: source[0]!.text }]
  source.slice(1).forEach((block, i, rest) => {
    const style = block.level !== null ? heading : rest[i - 1]?.level !== null ? first : body
    const at = columns.place(block.text, style)
    expected.push({ level: block.level as number, page: at.firstPage, text: block.text })
  })
  pages.forEach((page, i) => {
    page.drawText(headerLeft, { x: margin, y: letter[1] - 40, size: 8, font: helvetica })
    const right = helvetica.widthOfTextAtSize(headerRight, 8)
    page.drawText(headerRight, {
      x: letter[0] - margin - right,
      y: letter[1] - 40,
      size: 8,
      font: helvetica,
    })
    const footer = `Page ${i + 1} of ${pages.length}`
    const w = helvetica.widthOfTextAtSize(footer, 8)
    page.drawText(footer, { x: (letter[0] - w) / 2, y: 32, size: 8, font: helvetica })
  })
  writeFileSync(new URL('columns.pdf', fixtures), await pdf.save())
  const sidecar = {
    note: 'Written by scripts/make-brief-pdf.ts with columns.pdf: the blocks its import must give.',
    pages: pages.length,
    blocks: expected,
    furniture: { headerLeft, headerRight },
  }
  writeFileSync(new URL('columns.blocks.json', fixtures), `${JSON.stringify(sidecar, null, 2)}\n`)
  return { pages: pages.length }
}

/** scan.pdf: a page holding only an image and a page holding only vector drawing. */
async function makeScan() {
  const pdf = await newDocument('A scanned page')
  const image = await pdf.embedPng(
    grayPng(120, 160, (x, y) => (y % 8 < 2 && x > 10 && x < 110 ? 40 : 235)),
  )
  pdf.addPage(A4).drawImage(image, { x: 40, y: 40, width: A4[0] - 80, height: A4[1] - 80 })
  const drawn = pdf.addPage(A4)
  for (let i = 0; i < 40; i++) {
    drawn.drawRectangle({
      x: 72,
      y: A4[1] - 90 - i * 16,
      width: 300 + ((i * 37) % 150),
      height: 6,
      color: rgb(0.2, 0.2, 0.2),
    })
  }
  writeFileSync(new URL('scan.pdf', fixtures), await pdf.save())
}

const { blocks, title } = readBrief()
const brief = await makeBrief(blocks, title)
const columns = await makeColumns(blocks, title)
await makeScan()
writeFileSync(new URL('encrypted.pdf', fixtures), encryptedPdf())
console.log(
  `brief.pdf: ${brief.pages} pages, ${brief.split} paragraphs split by a page break, ` +
    `"${brief.hyphenated.word}" hyphenated after "${brief.hyphenated.head}" on page ${brief.hyphenated.page}; ` +
    `columns.pdf: ${columns.pages} pages; scan.pdf; encrypted.pdf`,
)
