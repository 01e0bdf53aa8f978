/**
 * The web app: static files from apps/web/dist, index.html for the client-side routes
 * (`/d/<id>`), and a plain 503 when the app has not been built.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'
import type { AppEnv } from '../auth'

const notBuilt =
  'The Warrant web app has not been built. Run `pnpm start` (or `pnpm --filter @warrant/web build`) and reload.\n'

/** Serves the built web app from `webDist` (checked per request, so a later build is picked up). */
export function webRoutes(webDist: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  // Created on first use: serveStatic complains at creation when its folder is missing.
  let files: MiddlewareHandler | null = null
  let shell: MiddlewareHandler | null = null
  const serve: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    if (!existsSync(join(webDist, 'index.html'))) return c.text(notBuilt, 503)
    files ??= serveStatic({ root: webDist })
    shell ??= serveStatic({ root: webDist, path: 'index.html' })
    return (c.req.path.startsWith('/d/') ? shell : files)(c, next)
  }
  app.use('*', serve)
  return app
}
