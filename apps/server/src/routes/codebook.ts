/**
 * The codebook routes: read a document's codebook, and replace it (editors and owners only).
 * The codebook lives in the content room, so a change reaches every open editor at once;
 * kinds are retired, never removed, and every field is validated before anything is written.
 */
import { type Codebook, readCodebook, writeCodebook } from '@warrant/annotations'
import { Hono } from 'hono'
import { type AppEnv, requireRole } from '../auth'
import { httpOrigin, type Library } from '../library'
import { readBody } from './body'
import { documentOf } from './documents'
import { putCodebookRequest } from './requests'

/** `GET|PUT /documents/:id/codebook`, under /api. */
export function codebookRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/documents/:id/codebook', async (c) => {
    const stored = await documentOf(c, library)
    return c.json(await library.codebook(stored.id))
  })

  app.put('/documents/:id/codebook', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'editor')
    const body = await readBody(c, putCodebookRequest)
    const { before, written } = await library.withContent(stored.id, (content) => ({
      before: readCodebook(content.doc),
      // reason: writeCodebook parses every kind with its own zod schema before writing.
      written: writeCodebook(content.doc, body as unknown as Codebook, { origin: httpOrigin }),
    }))
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'codebook.update',
      detail: { kinds: changedKinds(before, written) },
    })
    return c.json(written)
  })

  return app
}

/** The keys of the kinds added, changed or dropped. */
function changedKinds(before: Codebook, after: Codebook): string[] {
  const was = new Map(before.kinds.map((kind) => [kind.key, JSON.stringify(kind)]))
  const now = new Map(after.kinds.map((kind) => [kind.key, JSON.stringify(kind)]))
  const keys = new Set([...was.keys(), ...now.keys()])
  return [...keys].filter((key) => was.get(key) !== now.get(key))
}
