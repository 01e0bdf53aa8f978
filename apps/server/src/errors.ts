/**
 * How the API answers failures: every error is a JSON `{error, code, field?}` with a fitting
 * status: `error` the sentence to show, `code` a short stable name to branch on, `field` where
 * one field is at fault. Refusals from the packages keep their messages and codes.
 */
import { AnnotationError } from '@warrant/annotations'
import { ExportError } from '@warrant/export'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { couldNotStore, storageFault } from './storage-faults'

/** A request the API refuses, with the status and message to answer and the field at fault. */
export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** The body of every error answer. */
export interface ErrorBody {
  error: string
  code: string
  field?: string
}

const statusCodes: Partial<Record<number, string>> = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-type',
  422: 'invalid',
  426: 'upgrade-required',
  429: 'rate-limited',
  500: 'internal',
  503: 'unavailable',
}

/** An error body: the sentence, the code (by default the status's), and the field at fault. */
export function errorBody(status: number, error: string, code?: string, field?: string): ErrorBody {
  const body: ErrorBody = { error, code: code ?? statusCodes[status] ?? 'refused' }
  if (field !== undefined) body.field = field
  return body
}

/** Answers with an error body. */
export function answerWith(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  code?: string,
): Response {
  return c.json(errorBody(status, error, code), status)
}

/**
 * The app's error handler: ApiError as given, package refusals as 422/400, storage faults (a full
 * disk, a locked database) as 503 with Retry-After, the rest as 500.
 */
export function answerError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    return c.json(errorBody(error.status, error.message, undefined, error.field), error.status)
  }
  if (error instanceof AnnotationError) {
    const status = error.code === 'invalid-json' ? 400 : 422
    return c.json(errorBody(status, error.message, error.code, error.field), status)
  }
  if (error instanceof ExportError) {
    if (error.code === 'invalid-import') return answerWith(c, 422, error.message, error.code)
    return c.json({ ...errorBody(400, error.message, error.code), known: error.known }, 400)
  }
  const fault = storageFault(error)
  if (fault) {
    console.error(`Refused a request: could not store (${fault.sqliteCode ?? fault.code})`)
    c.header('Retry-After', String(fault.retryAfterSeconds))
    return answerWith(c, 503, couldNotStore(fault), fault.code)
  }
  if (error instanceof HTTPException) {
    return answerWith(c, error.status, error.message || 'request refused')
  }
  console.error(error)
  return answerWith(c, 500, 'internal server error')
}
