/**
 * Correcting a document's bibliographic record after it was created (an author the PDF did not
 * name, a date it gave wrong): editors and owners replace it whole, checked as a CSL item, and
 * every citation and export made afterwards uses it.
 */
import type { CslItem } from '@warrant/document'
import { Hono } from 'hono'
import { type AppEnv, requireRole } from '../auth'
import { changedFields, recordSchema, replaceRecord } from '../document-record'
import type { Library } from '../library'
import { readBody } from './body'
import { documentOf } from './documents'

/** `PUT /documents/:id/record` (editors and owners of the document), mounted under /api. */
export function recordRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.put('/documents/:id/record', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'editor')
    const body = (await readBody(c, recordSchema)) as Record<string, unknown>
    const record: CslItem = await replaceRecord(library.documents, stored.id, body)
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'document.record',
      detail: { fields: changedFields(stored.record, record), title: record.title ?? null },
    })
    return c.json({ record })
  })
  return app
}
