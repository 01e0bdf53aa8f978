/**
 * The share routes: owners list, create and revoke the links that open a document, and owners
 * of every document do the same for links to all documents. A document the token may not open
 * is a 404; revoking closes the link's open sockets at once.
 */
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { type AppEnv, requireRole } from '../auth'
import { ApiError } from '../errors'
import type { Library } from '../library'
import { type NewShareOptions, ShareError, type Shares, shareExpiry } from '../shares'
import { type Access, roles, type Share } from '../tokens'
import { readBody } from './body'
import { documentOf } from './documents'

const maxLabelLength = 120

const expiry = z.string({
  error: 'an ISO date-time such as "2026-12-31T23:59:59Z", a date such as "2026-12-31", or null',
})

/** `POST …/shares`: the role, the label, an optional expiry. */
const createShareRequest = z.strictObject({
  role: z.enum(roles, { error: `one of ${roles.join(', ')}` }),
  label: z
    .string({ error: 'a label must be a string, such as who the link is for' })
    .trim()
    .min(1, { error: 'a label needs some text, such as who the link is for' })
    .max(maxLabelLength, { error: `a label of at most ${maxLabelLength} characters` }),
  expires: expiry.nullable().optional(),
})

/** `GET|POST /documents/:id/shares`, `DELETE /documents/:id/shares/:shareId`, `…/shares` for all. */
export function shareRoutes(library: Library, shares: Shares): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/documents/:id/shares', async (c) => {
    const stored = await documentOf(c, library)
    requireRole(c, 'owner')
    return c.json({ shares: await shares.list(stored.id) })
  })

  app.post('/documents/:id/shares', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'owner')
    const request = await readShareRequest(c, stored.id)
    return c.json(await shares.create(request, library.audit.actorOf(access)), 201)
  })

  app.delete('/documents/:id/shares/:shareId', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'owner')
    const id = c.req.param('shareId')
    const share = await shares.find(id)
    if (!share || (share.document !== null && share.document !== stored.id)) {
      throw new ApiError(404, `no share "${id}" opens document "${stored.id}"`)
    }
    revokable(access, share)
    await shares.revoke(id, library.audit.actorOf(access))
    return c.body(null, 204)
  })

  app.get('/shares', async (c) => {
    requireEveryDocument(c)
    return c.json({ shares: await shares.list(null) })
  })

  app.post('/shares', async (c) => {
    const access = requireEveryDocument(c)
    const request = await readShareRequest(c, null)
    return c.json(await shares.create(request, library.audit.actorOf(access)), 201)
  })

  app.delete('/shares/:shareId', async (c) => {
    const access = requireEveryDocument(c)
    const id = c.req.param('shareId')
    if (!(await shares.revoke(id, library.audit.actorOf(access)))) {
      throw new ApiError(404, `no share "${id}"`)
    }
    return c.body(null, 204)
  })

  return app
}

/** A requested expiry as an ISO time; a bad or past one is a 422 naming the field. */
function expiryOf(value: string): string {
  try {
    return shareExpiry(value)
  } catch (error) {
    if (!(error instanceof ShareError)) throw error
    throw new ApiError(422, `"${error.field}": ${error.message}`, error.field)
  }
}

/** The body of a create request, for `document`; bad input is a 422 naming the field. */
async function readShareRequest(
  c: Context<AppEnv>,
  document: string | null,
): Promise<NewShareOptions> {
  const body = await readBody(c, createShareRequest)
  const expires = body.expires ? expiryOf(body.expires) : null
  return { role: body.role, label: body.label, document, expires }
}

/** Throws 403 unless the token is an owner's of every document. */
function requireEveryDocument(c: Context<AppEnv>): Access {
  const access = requireRole(c, 'owner')
  if (access.document !== null) {
    throw new ApiError(403, 'this needs an owner of every document; the token opens one document')
  }
  return access
}

/** Throws 403 when an owner of one document tries to revoke a link to every document. */
function revokable(access: Access, share: Share): void {
  if (share.document === null && access.document !== null) {
    throw new ApiError(
      403,
      'a link to every document can be revoked only by an owner of every document',
    )
  }
}
