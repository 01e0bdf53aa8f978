/**
 * The routes about the server and the caller: health (open to all), who the token is, a
 * reader's own session opened from a share link, and the reader's display name.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../auth'
import { ApiError } from '../errors'
import type { Rooms } from '../rooms'
import { identityOf, type TokenAccess, type Tokens } from '../tokens'
import { readBody } from './body'

const name = z
  .string()
  .trim()
  .min(1, 'a name must not be blank')
  .max(80, 'a name has at most 80 characters')

const sessionBody = z.strictObject({ name: name.optional() })
const renameBody = z.strictObject({ name })

function whoIs(access: TokenAccess) {
  const { role, label, document, expires, session } = access
  return { name: label, role, document, expires, session: session !== null }
}

/** `GET /health`, `GET|PUT /me` and `POST /session`, mounted under /api. */
export function sessionRoutes(tokens: Tokens, rooms: Rooms): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/health', (c) => c.json({ ok: true }))
  app.get('/me', (c) => c.json(whoIs(c.get('access'))))
  // A reader trades the link's token for one of their own, under their own name.
  app.post('/session', async (c) => {
    const access = c.get('access')
    const body = await readBody(c, sessionBody)
    const chosen = body.name ?? access.label
    const opened = await tokens.openSession(access, chosen)
    // The link was revoked between this request's check and its session.
    if (!opened) throw new ApiError(401, 'the token is not valid (unknown or expired)')
    const { token, id } = opened
    return c.json({ token, ...whoIs({ ...access, label: chosen, session: id }) }, 201)
  })
  app.put('/me', async (c) => {
    const access = c.get('access')
    const body = await readBody(c, renameBody)
    await tokens.rename(access, body.name)
    rooms.rename(identityOf(access), body.name)
    return c.json(whoIs({ ...access, label: body.name }))
  })
  return app
}
