/**
 * The export route: a document's annotations as a downloadable file in a named format.
 */
import { exportDocument } from '@warrant/export'
import { Hono } from 'hono'
import type { AppEnv } from '../auth'
import type { Library } from '../library'
import { documentOf } from './documents'

/** `GET /documents/:id/export?format=F` (default `claims`), mounted under /api. */
export function exportRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/documents/:id/export', (c) => {
    const stored = documentOf(c, library)
    const format = c.req.query('format') || 'claims'
    const file = exportDocument(format, library.exportInput(stored))
    return c.body(file.body, 200, {
      'Content-Type': `${file.contentType}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
    })
  })
  return app
}
