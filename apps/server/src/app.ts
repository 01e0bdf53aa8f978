/**
 * The Hono app: body limits, authentication on every path, the API routes under /api,
 * and the web app at `/`.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { type AppEnv, authenticate } from './auth'
import { answerError } from './errors'
import type { Library } from './library'
import { annotationRoutes } from './routes/annotations'
import { citationRoutes } from './routes/citation'
import { codebookRoutes } from './routes/codebook'
import { commentRoutes } from './routes/comments'
import { documentRoutes } from './routes/documents'
import { exportRoutes } from './routes/export'
import { importRoutes } from './routes/import'
import { relationRoutes } from './routes/relations'
import { sessionRoutes } from './routes/session'
import { settingsRoutes } from './routes/settings'
import { shareRoutes } from './routes/shares'
import { webRoutes } from './routes/web'
import type { Shares } from './shares'
import type { Tokens } from './tokens'

/** What the app is built from. */
export interface AppOptions {
  library: Library
  tokens: Tokens
  /** The share links (created, listed and revoked by owners). */
  shares: Shares
  /** The built web app folder. */
  webDist: string
  /** Largest request body, in bytes (413 beyond). */
  maxBodyBytes: number
  /** Largest export file an import accepts, in bytes (413 beyond). */
  maxImportBytes: number
}

/** Requests whose body may be an export file, with the import route's own limit. */
const importPath = /^\/api\/documents\/[^/]+\/import$/

/** Builds the HTTP app. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { library, tokens } = options
  const app = new Hono<AppEnv>()
  app.onError(answerError)
  app.use('*', secureHeaders())
  const limit = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: (c) =>
      c.json({ error: `the request body is larger than ${options.maxBodyBytes} bytes` }, 413),
  })
  app.use('*', (c, next) => (importPath.test(c.req.path) ? next() : limit(c, next)))
  app.use('*', authenticate(tokens))
  app.route('/api', sessionRoutes())
  app.route('/api', documentRoutes(library))
  app.route('/api', annotationRoutes(library))
  app.route('/api', relationRoutes(library))
  app.route('/api', commentRoutes(library))
  app.route('/api', codebookRoutes(library))
  app.route('/api', exportRoutes(library))
  app.route('/api', citationRoutes(library))
  app.route('/api', importRoutes(library, options))
  app.route('/api', settingsRoutes(library))
  app.route('/api', shareRoutes(library, options.shares))
  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}` }, 404))
  app.all('/sync/*', (c) => c.json({ error: 'sync rooms speak the y-websocket protocol' }, 426))
  app.route('/', webRoutes(options.webDist))
  app.notFound((c) => c.json({ error: `not found: ${c.req.path}` }, 404))
  return app
}
