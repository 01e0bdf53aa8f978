/**
 * The audit routes: owners of a document read who created, changed, deleted or re-anchored
 * what in it, and when; owners of every document read the whole log, share links to every
 * document included. Newest first, a page at a time (`next` is the following page's `before`).
 */
import { type Context, Hono } from 'hono'
import { type AuditFilter, auditPageSize } from '../audit'
import { type AppEnv, requireRole } from '../auth'
import { ApiError } from '../errors'
import type { Library } from '../library'
import { documentOf } from './documents'

/** `GET /documents/:id/audit` (its owners) and `GET /audit` (owners of every document). */
export function auditRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/documents/:id/audit', async (c) => {
    const stored = await documentOf(c, library)
    requireRole(c, 'owner')
    return c.json(await library.audit.list({ ...pageOf(c), document: stored.id }))
  })

  app.get('/audit', async (c) => {
    const access = requireRole(c, 'owner')
    if (access.document !== null) {
      throw new ApiError(
        403,
        'the whole audit log needs an owner of every document; the token opens one document',
      )
    }
    return c.json(await library.audit.list(pageOf(c)))
  })

  return app
}

const wholeNumber = /^\d{1,15}$/

/** The page a request asks for: `limit`, `before` (a cursor), `since` (an ISO time); 400 if bad. */
function pageOf(c: Context<AppEnv>): AuditFilter {
  const filter: AuditFilter = {}
  const limit = c.req.query('limit')
  if (limit !== undefined) {
    const value = Number(limit)
    if (!wholeNumber.test(limit) || value < 1 || value > auditPageSize.max) {
      throw new ApiError(400, `"limit": a whole number from 1 to ${auditPageSize.max}`, 'limit')
    }
    filter.limit = value
  }
  const before = c.req.query('before')
  if (before !== undefined) {
    if (!wholeNumber.test(before) || Number(before) < 1) {
      throw new ApiError(400, '"before": the "next" cursor of the previous page', 'before')
    }
    filter.before = Number(before)
  }
  const since = c.req.query('since')
  if (since !== undefined) {
    const time = Date.parse(since)
    if (Number.isNaN(time)) {
      throw new ApiError(400, '"since": an ISO time such as 2026-01-31T09:00:00Z', 'since')
    }
    filter.since = new Date(time).toISOString()
  }
  return filter
}
