/**
 * One entry for every kind of source: the bytes of a Markdown, HTML, plain-text or PDF file
 * go to their importer, and what no importer should have to check again (an empty file, one
 * above the size limit, a result without text) is refused here, the same way for every kind.
 */
import { decodeUtf8 } from './decoding'
import { type HtmlImportOptions, parseHtml } from './html'
import { ImportError, type ImportedDocument, type SourceType, sourceTypes } from './importing'
import { parseMarkdown } from './markdown'
import { parsePdf } from './pdf'
import { parseText } from './plaintext'

/** Options of importSource. */
export interface ImportSourceOptions extends HtmlImportOptions {
  /** Largest source accepted, in bytes (ImportError 'too-large' beyond); no limit when absent. */
  maxBytes?: number
}

const names: Record<SourceType, string> = {
  markdown: 'Markdown file',
  html: 'web page',
  text: 'text file',
  pdf: 'PDF',
}

/** Imports a source of a known kind; refuses it with an ImportError saying why. */
export async function importSource(
  bytes: Uint8Array,
  type: SourceType,
  options: ImportSourceOptions = {},
): Promise<ImportedDocument> {
  if (!(sourceTypes as readonly string[]).includes(type)) {
    throw new ImportError('unsupported-type', `Warrant does not import sources of type "${type}"`)
  }
  const name = names[type]
  if (bytes.byteLength === 0) throw new ImportError('empty', `the ${name} is empty`)
  if (options.maxBytes !== undefined && bytes.byteLength > options.maxBytes) {
    throw new ImportError(
      'too-large',
      `the ${name} is larger than ${options.maxBytes} bytes (it has ${bytes.byteLength})`,
    )
  }
  // A plain view: Node's Buffer (a Uint8Array subclass) is refused by pdf.js.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const imported = await parse(view, type, options)
  if (imported.doc.textContent.trim() === '') {
    throw new ImportError('empty', `the ${name} has no text to import`)
  }
  return imported
}

async function parse(
  bytes: Uint8Array,
  type: SourceType,
  options: ImportSourceOptions,
): Promise<ImportedDocument> {
  switch (type) {
    case 'markdown':
      return markdown(decodeUtf8(bytes, names.markdown))
    case 'html':
      return parseHtml(bytes, options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl })
    case 'text':
      return parseText(bytes)
    case 'pdf':
      return parsePdf(bytes)
  }
}

/** Markdown whose front matter cannot be read is refused as corrupt, with the reason. */
function markdown(source: string): ImportedDocument {
  try {
    return parseMarkdown(source)
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ImportError('corrupt', `the Markdown file's front matter cannot be read: ${reason}`)
  }
}
