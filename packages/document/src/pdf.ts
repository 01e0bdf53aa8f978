/**
 * Imports a PDF through pdfjs-dist: the text of every page in reading order, cleared of page
 * furniture, rebuilt into paragraphs and headings that keep the page they start on, and the
 * record from the info dictionary. The layout heuristics live in the pdf-*.ts modules.
 */
/// <reference path="./pdf-worker.d.ts" />
import type { TextItem } from 'pdfjs-dist/types/src/display/api'
import { ImportError, type ImportedDocument } from './importing'
import { type PdfBlock, pdfBlocks } from './pdf-blocks'
import { type PdfPageRows, removeFurniture } from './pdf-furniture'
import { type PdfRun, pageRows } from './pdf-lines'
import { pdfRecord, type XmpMetadata } from './pdf-metadata'
import { readingOrder } from './pdf-reading-order'
import { schema } from './schema'
import { textblockText } from './text'

/** Limits on a PDF import. */
export interface PdfImportOptions {
  /** A PDF with more pages is refused as too large (default 2000). */
  maxPages?: number
  /** Aborting stops the import between pages with ImportError 'timeout'. */
  signal?: AbortSignal
}

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>

let loading: Promise<Pdfjs> | undefined

/**
 * Loads pdfjs on first use (so bundles that never read a PDF never load it) and gives it its
 * worker code in this thread: Node has no web worker, and pdfjs looks for `pdfjsWorker` first.
 */
function pdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs')
    ;(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker
    return import('pdfjs-dist/legacy/build/pdf.mjs')
  })()
  return loading
}

/** pdfjs's exception for a PDF that needs a password. */
function isPasswordError(error: unknown): boolean {
  return error instanceof Error && error.name === 'PasswordException'
}

/** The reason pdfjs gives for a PDF it cannot read, as an ImportError. */
function corrupt(error: unknown): ImportError {
  const reason = error instanceof Error ? error.message : String(error)
  return new ImportError('corrupt', `the PDF could not be read: ${reason.replace(/\.?$/, '.')}`)
}

/** pdfjs tolerates a missing end; a file that stops before its `%%EOF` is cut short. */
function checkEnvelope(bytes: Uint8Array): void {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024))
  if (!head.includes('%PDF-')) throw corrupt(new Error('it does not start as a PDF file'))
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)))
  if (!tail.includes('%%EOF'))
    throw corrupt(new Error('the file is truncated (no %%EOF at its end)'))
}

/** The names (and so the weights) of the fonts a page's text uses, keyed by pdfjs's font id. */
async function fontNames(page: PdfPage, ids: Iterable<string>, known: Map<string, string>) {
  const missing = [...ids].filter((id) => !known.has(id))
  if (missing.length === 0) return
  // Fonts reach commonObjs only with an operator list; images are skipped (maxImageSize).
  await page.getOperatorList()
  for (const id of missing) {
    const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: unknown }) : null
    known.set(id, typeof font?.name === 'string' ? font.name : '')
  }
}

const boldFont = /bold|black|heavy|semibold|demi/i

/** The horizontal text runs of a page in top-left coordinates; rotated text is left out. */
async function pageRuns(page: PdfPage, fonts: Map<string, string>): Promise<PdfRun[]> {
  const { Util } = await pdfjs()
  const viewport = page.getViewport({ scale: 1 })
  const content = await page.getTextContent()
  const items = content.items.filter(
    (item): item is TextItem => 'str' in item && item.str.trim() !== '',
  )
  if (items.length === 0) return []
  await fontNames(
    page,
    items.map((item) => item.fontName),
    fonts,
  )
  const runs: PdfRun[] = []
  for (const item of items) {
    const [a, b, c, d, x, y] = Util.transform(viewport.transform, item.transform) as number[]
    const size = Math.hypot(c!, d!)
    if (size < 1 || Math.abs(b!) > 0.02 * Math.abs(a!) || a! <= 0) continue
    runs.push({
      text: item.str,
      x: x!,
      y: y!,
      width: item.width,
      size,
      bold: boldFont.test(fonts.get(item.fontName) ?? ''),
    })
  }
  return runs
}

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new ImportError('timeout', 'reading the PDF took too long and was stopped')
}

/** The document of some blocks in our schema, each keeping its page. */
function documentOf(blocks: readonly PdfBlock[]) {
  return schema.node(
    'doc',
    null,
    blocks.map((block) =>
      block.level === null
        ? schema.node('paragraph', { page: block.page }, schema.text(block.text))
        : schema.node('heading', { level: block.level, page: block.page }, schema.text(block.text)),
    ),
  )
}

/** Opens a PDF, mapping pdfjs's refusals to ImportErrors. */
async function open(bytes: Uint8Array): Promise<PdfDocument> {
  checkEnvelope(bytes)
  const { getDocument, VerbosityLevel } = await pdfjs()
  const task = getDocument({
    // A plain copy: pdfjs may take the buffer over (the caller keeps theirs) and refuses a Buffer.
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    maxImageSize: 1,
    // Warnings (a standard font not embedded, an image skipped) are pdfjs's business, not the log's.
    verbosity: VerbosityLevel.ERRORS,
  })
  try {
    return await task.promise
  } catch (error) {
    await task.destroy()
    if (isPasswordError(error)) {
      throw new ImportError('encrypted', 'the PDF is encrypted; remove the password and try again')
    }
    throw corrupt(error)
  }
}

/** Imports a PDF: paragraphs and headings with their pages, and the record of its info dictionary. */
export async function parsePdf(
  bytes: Uint8Array,
  options: PdfImportOptions = {},
): Promise<ImportedDocument> {
  const maxPages = options.maxPages ?? 2000
  const pdf = await open(bytes)
  try {
    if (pdf.numPages > maxPages) {
      throw new ImportError(
        'too-large',
        `the PDF has ${pdf.numPages} pages; at most ${maxPages} can be imported`,
      )
    }
    const fonts = new Map<string, string>()
    const pages: PdfPageRows[] = []
    for (let n = 1; n <= pdf.numPages; n++) {
      aborted(options.signal)
      const page = await pdf.getPage(n)
      const height = page.getViewport({ scale: 1 }).height
      pages.push({ number: n, height, rows: pageRows(n, await pageRuns(page, fonts)) })
      page.cleanup()
    }
    aborted(options.signal)
    if (pages.every((page) => page.rows.length === 0)) {
      throw new ImportError(
        'no-text',
        'the PDF has no text layer (it looks like a scan), and OCR is not supported',
      )
    }
    const body = removeFurniture(pages)
    const lines = body.flatMap((p) => p.rows.flatMap((r) => r.lines))
    const em = lines.length > 0 ? lines.reduce((sum, l) => sum + l.size, 0) / lines.length : 10
    const blocks = pdfBlocks(body.flatMap((p) => readingOrder(p.number, p.rows, em)))
    if (blocks.length === 0) {
      throw new ImportError('no-text', 'the PDF has no text besides page numbers and running heads')
    }
    const doc = documentOf(blocks)
    const { info, metadata } = await pdf.getMetadata()
    const record = pdfRecord(info as Record<string, unknown>, metadata as XmpMetadata | null)
    if (record.title === undefined) {
      const heading = doc.content.content.find((node) => node.type.name === 'heading')
      if (heading) record.title = textblockText(heading)
    }
    return { doc, record }
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw corrupt(error)
  } finally {
    await pdf.destroy()
  }
}
