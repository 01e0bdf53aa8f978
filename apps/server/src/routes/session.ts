/**
 * The routes about the server and the caller: health (open to all) and who the token is.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../auth'

/** `GET /health` and `GET /me`, mounted under /api. */
export function sessionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/health', (c) => c.json({ ok: true }))
  app.get('/me', (c) => {
    const { role, label, document } = c.get('access')
    return c.json({ role, label, document })
  })
  return app
}
