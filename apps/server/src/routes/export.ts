/**
 * The export routes: the formats and citation styles on offer, and a document's annotations as
 * a downloadable file in one of them.
 */
import { citationStyleLabels, exportFormats } from '@warrant/export'
import { Hono } from 'hono'
import type { AppEnv } from '../auth'
import type { Library } from '../library'
import { documentOf } from './documents'

/** One format as the export menu lists it. */
export interface ExportFormatView {
  name: string
  label: string
  extension: string
  contentType: string
}

/**
 * `GET /export-formats` and `GET /documents/:id/export?format=F&style=S` (default `claims`, and
 * the document's citation style), mounted under /api.
 */
export function exportRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/export-formats', (c) => {
    const formats: ExportFormatView[] = Object.entries(exportFormats).map(([name, format]) => ({
      name,
      label: format.label,
      extension: format.extension,
      contentType: format.contentType,
    }))
    const styles = Object.entries(citationStyleLabels).map(([name, label]) => ({ name, label }))
    return c.json({ formats, styles })
  })
  app.get('/documents/:id/export', async (c) => {
    const stored = await documentOf(c, library)
    const format = c.req.query('format') || 'claims'
    const file = await library.exportFile(stored, format, c.req.query('style') || undefined)
    return c.body(file.body, 200, {
      'Content-Type': file.contentType.includes('charset')
        ? file.contentType
        : `${file.contentType}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
    })
  })
  return app
}
