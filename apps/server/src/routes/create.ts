/**
 * Creating documents over HTTP: a source (Markdown, HTML, plain text or PDF) is imported in a
 * worker with a time limit, and only once it has become a document is anything stored: the
 * record, the content and the annotations room in one transaction. `preview` answers what the
 * import would make of a source (its blocks and record) and stores nothing, so a reader can
 * check the cleaned text and correct the record before creating.
 */
import { ImportError, type ImportedDocument, textblockText } from '@warrant/document'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type AppEnv, requireRole } from '../auth'
import {
  addDocument,
  createdDetail,
  type DocumentSource,
  newDocumentRecord,
} from '../create-document'
import { answerWith, errorBody } from '../errors'
import type { Library } from '../library'
import { sizeLimit } from '../size-limit'
import { type SourceImporter, sharedSourceImporter } from '../source-importer'
import { readUpload, type Upload } from './upload'

/** Options of createRoutes. */
export interface CreateRoutesOptions {
  /** Largest source accepted, in bytes (413 beyond); 0 for no limit. */
  maxDocumentBytes: number
  /** Where imports run (default: the process's shared importer, looked up at each request). */
  importer?: SourceImporter | undefined
}

/** One textblock of a preview: heading level (null for a paragraph), page, text. */
export interface PreviewBlock {
  heading: number | null
  page: number | null
  text: string
}

const statuses: Record<ImportError['code'], ContentfulStatusCode> = {
  'unsupported-type': 415,
  'too-large': 413,
  corrupt: 422,
  encrypted: 422,
  'no-text': 422,
  timeout: 422,
  empty: 422,
}

/** Only editors and owners of every document create documents; checked before the body is read. */
const requireCreator: MiddlewareHandler<AppEnv> = async (c, next) => {
  const access = requireRole(c, 'editor')
  if (access.document !== null) {
    return answerWith(c, 403, 'creating documents needs an editor or owner link to every document')
  }
  return next()
}

/** `POST /documents` and `POST /documents/preview` (editors and owners of every document). */
export function createRoutes(library: Library, options: CreateRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { maxDocumentBytes } = options
  const limit: MiddlewareHandler<AppEnv> =
    maxDocumentBytes > 0
      ? sizeLimit(maxDocumentBytes, `the document is larger than ${maxDocumentBytes} bytes`)
      : (_, next) => next()

  /** The upload imported, or the answer refusing it. */
  const imported = async (c: Context<AppEnv>, upload: Upload) => {
    try {
      const importer = options.importer ?? sharedSourceImporter()
      return await importer.run(upload.bytes, upload.type, {
        ...(maxDocumentBytes > 0 ? { maxBytes: maxDocumentBytes } : {}),
      })
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      const status = statuses[error.code]
      return c.json(errorBody(status, error.message, error.code), status)
    }
  }

  app.post('/documents/preview', requireCreator, limit, async (c) => {
    const upload = await readUpload(c)
    const result = await imported(c, upload)
    if (result instanceof Response) return result
    return c.json({
      type: upload.type,
      record: newDocumentRecord(result, sourceOf(upload)),
      blocks: blocksOf(result),
    })
  })

  app.post('/documents', requireCreator, limit, async (c) => {
    const access = c.get('access')
    const upload = await readUpload(c)
    const result = await imported(c, upload)
    if (result instanceof Response) return result
    const source = sourceOf(upload)
    const record = await addDocument(library.documents, {
      doc: result.doc,
      record: newDocumentRecord(result, source),
    })
    library.audit.recordRequest(access, {
      document: record.id,
      action: 'document.create',
      detail: createdDetail(record, source, result),
    })
    c.header('Location', `/api/documents/${encodeURIComponent(record.id)}`)
    return c.json(await library.view((await library.find(record.id))!), 201)
  })
  return app
}

function sourceOf(upload: Upload): DocumentSource {
  const { type, fileName, title, record } = upload
  return { type, fileName, title, record, bytes: upload.bytes.byteLength }
}

/** The textblocks of an imported document, in order. */
function blocksOf({ doc }: ImportedDocument): PreviewBlock[] {
  const blocks: PreviewBlock[] = []
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    const heading = node.type.name === 'heading' ? Number(node.attrs.level) : null
    const page = typeof node.attrs.page === 'number' ? node.attrs.page : null
    blocks.push({ heading, page, text: textblockText(node) })
    return false
  })
  return blocks
}
