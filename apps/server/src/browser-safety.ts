/**
 * What keeps a browser from being turned against the server: a strict Content Security Policy
 * and the secure headers on every response, a CORS allowlist for the API, the refusal of
 * cross-site writes (form posts included), and the Origin check of websocket upgrades. Browsers
 * always send `Origin` on writes and upgrades; clients that send neither it nor `Sec-Fetch-Site`
 * (curl, scripts, the CLI, y-websocket on node) are not browsers and carry their own token.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { answerWith } from './errors'

/** A Host header the server will reflect into a policy: a name or IP literal and a port. */
const hostPattern = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

/** Reads `WARRANT_ORIGINS`: comma-separated origins, each normalised to `scheme://host[:port]`. */
export function parseOrigins(value: string | undefined): string[] {
  const origins: string[] = []
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry.trim()
    if (trimmed === '') continue
    let url: URL | null = null
    try {
      url = new URL(trimmed)
    } catch {
      url = null
    }
    const bare = url && !url.username && url.pathname === '/' && !url.search && !url.hash
    if (!url || !bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error(
        `WARRANT_ORIGINS holds "${trimmed}", which is not an origin like https://example.org`,
      )
    }
    origins.push(url.origin)
  }
  return origins
}

/** The origins of the server as a browser reached it, from the Host header (http and https). */
export function ownOrigins(host: string | undefined): string[] {
  if (!host || !hostPattern.test(host)) return []
  return ['http:', 'https:'].map((scheme) => new URL(`${scheme}//${host}`).origin)
}

/** Whether a page at `origin` may call the server reached at `host`. */
export function isAllowedOrigin(
  origin: string,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  return ownOrigins(host).includes(origin) || allowed.includes(origin)
}

/** The host a request was sent to: its Host header (@hono/node-server builds the URL from it). */
function requestHost(c: Context): string {
  return c.req.header('host') ?? new URL(c.req.url).host
}

/** The websocket origins of the server, for `connect-src` (`'self'` misses them in older browsers). */
function socketOrigins(c: Context): string {
  const host = requestHost(c)
  return host && hostPattern.test(host) ? `ws://${host} wss://${host}` : ''
}

/** The Content Security Policy and secure headers, for every response (API JSON included). */
export function browserSafeHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'", socketOrigins],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    xFrameOptions: 'DENY',
    // Links carry tokens (`?token=`): no address is ever sent on as a Referer.
    referrerPolicy: 'no-referrer',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  })
}

/** CORS for `/api/*`: only the allowed origins get an `Access-Control-Allow-Origin`, never `*`. */
export function apiCors(allowed: readonly string[]): MiddlewareHandler {
  return cors({
    origin: (origin, c) =>
      origin && isAllowedOrigin(origin, requestHost(c), allowed) ? origin : null,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['Content-Disposition'],
    maxAge: 600,
  })
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

function refuse(c: Context, why: string): Response {
  return answerWith(c, 403, `cross-site request refused: ${why}`, 'cross-site')
}

/**
 * Refuses writes a browser sends from a page outside the allowed origins. Hono's `csrf` checks
 * form-typed bodies (and bodies with no Content-Type); it lets other types through on the
 * strength of the CORS preflight, and it would refuse curl's default form type from a bearer
 * client. So it runs only on browser requests, and after it every browser write must come
 * from an allowed Origin, or without one (Origin `null` too) from `Sec-Fetch-Site: same-origin`.
 */
export function refuseCrossSiteWrites(allowed: readonly string[]): MiddlewareHandler {
  const allowedOrigin = (origin: string, c: Context) =>
    isAllowedOrigin(origin, requestHost(c), allowed)
  const forms = csrf({ origin: allowedOrigin, secFetchSite: 'same-origin' })
  const pass = async () => {}
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next()
    const origin = c.req.header('origin')
    const site = c.req.header('sec-fetch-site')
    if (origin === undefined && site === undefined) return next()
    try {
      await forms(c, pass)
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) {
        return refuse(c, 'a form may only be posted from this site')
      }
      throw error
    }
    if (origin !== undefined && origin !== 'null') {
      if (!allowedOrigin(origin, c)) return refuse(c, `${origin} is not an allowed origin`)
    } else if (site !== 'same-origin') {
      return refuse(c, 'the request carries no origin of this site')
    }
    return next()
  }
}

/**
 * Why a websocket upgrade is refused for its Origin, or null when it may go on: a browser's
 * Origin must be allowed; an upgrade without one comes from a non-browser client.
 */
export function upgradeOriginRefusal(
  headers: IncomingHttpHeaders,
  allowed: readonly string[],
): string | null {
  const { origin, host } = headers
  if (origin === undefined || isAllowedOrigin(origin, host, allowed)) return null
  return `sync connections from ${JSON.stringify(origin)} are not allowed`
}
