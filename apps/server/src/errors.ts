/**
 * How the API answers failures: every error is a JSON `{error}` with a fitting status (and
 * `field` where one field is at fault), and refusals from the packages keep their messages.
 */
import { AnnotationError } from '@warrant/annotations'
import { ExportError } from '@warrant/export'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

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
  field?: string
  code?: string
}

/** The app's error handler: ApiError as given, package refusals as 422/400, the rest as 500. */
export function answerError(error: Error, c: Context): Response {
  if (error instanceof ApiError) return c.json(errorBody(error.message, error.field), error.status)
  if (error instanceof AnnotationError) {
    const status = error.code === 'invalid-json' ? 400 : 422
    return c.json({ ...errorBody(error.message, error.field), code: error.code }, status)
  }
  if (error instanceof ExportError) {
    if (error.code === 'invalid-import')
      return c.json({ error: error.message, code: error.code }, 422)
    return c.json({ error: error.message, code: error.code, known: error.known }, 400)
  }
  if (error instanceof HTTPException) {
    return c.json({ error: error.message || 'request refused' }, error.status)
  }
  console.error(error)
  return c.json({ error: 'internal server error' }, 500)
}

function errorBody(error: string, field: string | undefined): ErrorBody {
  return field === undefined ? { error } : { error, field }
}
