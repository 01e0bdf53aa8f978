/**
 * The Hono app: body limits, authentication on every path, the API routes under /api,
 * and the web app at `/`.
 */
import { Hono } from 'hono'
import { type AppEnv, authenticate } from './auth'
import { apiCors, browserSafeHeaders, refuseCrossSiteWrites } from './browser-safety'
import { answerError, answerWith } from './errors'
import type { Library } from './library'
import type { MetaStore } from './meta-store'
import { type RateOptions, rateLimitWrites, TokenBuckets } from './rate-limit'
import type { Rooms } from './rooms'
import { annotationRoutes } from './routes/annotations'
import { auditRoutes } from './routes/audit'
import { citationRoutes } from './routes/citation'
import { codebookRoutes } from './routes/codebook'
import { commentRoutes } from './routes/comments'
import { createRoutes } from './routes/create'
import { documentRoutes } from './routes/documents'
import { exportRoutes } from './routes/export'
import { importRoutes } from './routes/import'
import { recordRoutes } from './routes/record'
import { relationRoutes } from './routes/relations'
import { serverRoutes } from './routes/server'
import { sessionRoutes } from './routes/session'
import { settingsRoutes } from './routes/settings'
import { shareRoutes } from './routes/shares'
import { webRoutes } from './routes/web'
import type { Shares } from './shares'
import { sizeLimit } from './size-limit'
import type { SourceImporter } from './source-importer'
import type { Tokens } from './tokens'

/** What the app is built from. */
export interface AppOptions {
  library: Library
  tokens: Tokens
  /** The data's meta values (who the instance owner is). */
  meta: MetaStore
  /** The live rooms (a reader's new name reaches their open connections). */
  rooms: Rooms
  /** The share links (created, listed and revoked by owners). */
  shares: Shares
  /** The built web app folder. */
  webDist: string
  /** Largest request body, in bytes (413 beyond). */
  maxBodyBytes: number
  /** Largest export file an import accepts, in bytes (413 beyond). */
  maxImportBytes: number
  /** Largest source a new document is made from, in bytes (413 beyond; default 32 MiB, 0: none). */
  maxDocumentBytes?: number
  /** Where source imports run (default: the process's shared importer). */
  sourceImporter?: SourceImporter
  /** Origins besides the server's own whose pages may call the API (`WARRANT_ORIGINS`). */
  allowedOrigins?: readonly string[]
  /** Writes per token under /api (429 with Retry-After beyond); none when absent. */
  writeRate?: RateOptions
}

/** Requests whose body may be an export file, with the import route's own limit. */
const importPath = /^\/api\/documents\/[^/]+\/import$/
/** Requests whose body may be a source document, with the create routes' own limit. */
const createPath = /^\/api\/documents(?:\/preview)?\/?$/

/** Builds the HTTP app. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { library, tokens } = options
  const app = new Hono<AppEnv>()
  app.onError(answerError)
  app.use('*', browserSafeHeaders())
  app.use('/api/*', apiCors(options.allowedOrigins ?? []))
  app.use('*', refuseCrossSiteWrites(options.allowedOrigins ?? []))
  const limit = sizeLimit(
    options.maxBodyBytes,
    `the request body is larger than ${options.maxBodyBytes} bytes`,
  )
  app.use('*', (c, next) =>
    importPath.test(c.req.path) || createPath.test(c.req.path) ? next() : limit(c, next),
  )
  app.use('*', authenticate(tokens))
  if (options.writeRate) app.use('*', rateLimitWrites(new TokenBuckets(options.writeRate)))
  app.route('/api', sessionRoutes(tokens, options.rooms))
  app.route('/api', documentRoutes(library))
  app.route(
    '/api',
    createRoutes(library, {
      maxDocumentBytes: options.maxDocumentBytes ?? 32 * 1024 * 1024,
      importer: options.sourceImporter,
    }),
  )
  app.route('/api', recordRoutes(library))
  app.route('/api', annotationRoutes(library))
  app.route('/api', relationRoutes(library))
  app.route('/api', commentRoutes(library))
  app.route('/api', codebookRoutes(library))
  app.route('/api', exportRoutes(library))
  app.route('/api', citationRoutes(library))
  app.route('/api', importRoutes(library, options))
  app.route('/api', settingsRoutes(library))
  app.route('/api', shareRoutes(library, options.shares))
  app.route('/api', auditRoutes(library))
  app.route('/api', serverRoutes(options.meta, tokens, options.rooms))
  app.all('/api/*', (c) => answerWith(c, 404, `no API route ${c.req.method} ${c.req.path}`))
  app.all('/sync/*', (c) => answerWith(c, 426, 'sync rooms speak the y-websocket protocol'))
  app.route('/', webRoutes(options.webDist))
  app.notFound((c) => answerWith(c, 404, `not found: ${c.req.path}`))
  return app
}
