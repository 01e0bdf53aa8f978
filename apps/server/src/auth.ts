/**
 * Access control for HTTP: a middleware on every path that reads the token (bearer header or
 * `?token=`) and refuses a missing or wrong one, plus the role and document checks of routes.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { ApiError, answerWith } from './errors'
import { type Access, hasRole, mayOpen, type Role, type TokenAccess, type Tokens } from './tokens'

/** The Hono environment of the app: every authenticated request carries its access. */
export interface AppEnv {
  Variables: { access: TokenAccess }
}

/** The token of a request: `Authorization: Bearer TOKEN`, else `?token=TOKEN`. */
export function requestToken(c: Context): string | null {
  const header = c.req.header('authorization')
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (bearer) return bearer[1]!
  return c.req.query('token') ?? null
}

/**
 * Refuses requests without a valid token (401 with a JSON message). Open without one:
 * `GET /api/health` and GETs outside /api (the web app's shell, which reads the token from
 * the address bar).
 */
export function authenticate(tokens: Tokens): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Repeated slashes must not route around the check (GHSA-92pp-h63x-v22m).
    const path = c.req.path.replace(/\/{2,}/g, '/')
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD'
    const api = path === '/api' || path.startsWith('/api/')
    if (reading && (path === '/api/health' || !api)) return next()
    const token = requestToken(c)
    const access = await tokens.verify(token)
    if (!access) {
      const error = token
        ? 'the token is not valid (unknown or expired)'
        : 'a token is required: send Authorization: Bearer TOKEN or add ?token=TOKEN'
      return answerWith(c, 401, error)
    }
    c.set('access', access)
    return next()
  }
}

/** Throws 403 unless the request's token has at least `role`. */
export function requireRole(c: Context<AppEnv>, role: Role): Access {
  const access = c.get('access')
  if (!hasRole(access.role, role)) {
    const article = /^[aeiou]/.test(access.role) ? 'an' : 'a'
    throw new ApiError(403, `this needs the ${role} role; the token is ${article} ${access.role}'s`)
  }
  return access
}

/** Throws 404 unless the token may open the document (other documents are not revealed). */
export function requireDocumentAccess(c: Context<AppEnv>, documentId: string): Access {
  const access = c.get('access')
  if (!mayOpen(access, documentId)) throw new ApiError(404, `no document "${documentId}"`)
  return access
}
