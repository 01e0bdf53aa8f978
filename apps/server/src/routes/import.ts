/**
 * The import route: a claims, jsonl or w3c export posted as it is, its annotations placed in the
 * document by position or quote (or kept as orphans), with relations and threads, and a report
 * of what came in and what could not.
 */
import { Hono } from 'hono'
import { importDetail } from '../audit-records'
import { type AppEnv, requireRole } from '../auth'
import type { Library } from '../library'
import { sizeLimit } from '../size-limit'
import { documentOf } from './documents'

/** Options of importRoutes: the largest export file accepted, in bytes. */
export interface ImportRoutesOptions {
  maxImportBytes: number
}

/** `POST /documents/:id/import` (annotators and up), mounted under /api. */
export function importRoutes(library: Library, options: ImportRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.post(
    '/documents/:id/import',
    sizeLimit(
      options.maxImportBytes,
      `the export file is larger than ${options.maxImportBytes} bytes`,
    ),
    async (c) => {
      const stored = await documentOf(c, library)
      const access = requireRole(c, 'annotator')
      const report = await library.importFile(stored, await c.req.text())
      library.audit.recordRequest(access, {
        document: stored.id,
        action: 'import',
        detail: importDetail(report),
      })
      return c.json(report, 201)
    },
  )
  return app
}
