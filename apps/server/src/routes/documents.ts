/**
 * The document routes: the list of documents a token may open and one document with its
 * text, outline, record, version, codebook and sync rooms.
 */
import { Hono } from 'hono'
import { type AppEnv, requireDocumentAccess } from '../auth'
import type { StoredDocument } from '../document-store'
import { ApiError } from '../errors'
import type { Library } from '../library'
import { mayOpen } from '../tokens'

/** The stored document of a request's `:id`, or 404 (also when the token may not open it). */
export async function documentOf(
  c: Parameters<typeof requireDocumentAccess>[0],
  library: Library,
): Promise<StoredDocument> {
  const id = c.req.param('id') ?? ''
  requireDocumentAccess(c, id)
  const stored = await library.find(id)
  if (!stored) throw new ApiError(404, `no document "${id}"`)
  return stored
}

/** `GET /documents` and `GET /documents/:id`, mounted under /api. */
export function documentRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/documents', async (c) => {
    const access = c.get('access')
    return c.json({ documents: await library.list((id) => mayOpen(access, id)) })
  })
  app.get('/documents/:id', async (c) => c.json(await library.view(await documentOf(c, library))))
  return app
}
