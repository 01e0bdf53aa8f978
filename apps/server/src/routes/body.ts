/**
 * Reading request bodies: JSON objects only, with a 400 that says what was wrong, and small
 * field readers that name the offending field.
 */
import type { Context } from 'hono'
import { ApiError } from '../errors'

/** The request's JSON body as an object; 400 when it is not JSON or not an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new ApiError(400, 'the request body must be a JSON object (it is not valid JSON)')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'the request body must be a JSON object')
  }
  return body as Record<string, unknown>
}

/** A required string field; 400 when missing or not a string. */
export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value === '') {
    throw new ApiError(400, `"${field}" is required and must be a non-empty string`)
  }
  return value
}

/** An optional string field; 400 when present but not a string. */
export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ApiError(400, `"${field}" must be a string`)
  return value
}

/** An optional object field; 400 when present but not an object. */
export function optionalObject(
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, `"${field}" must be an object`)
  }
  return value as Record<string, unknown>
}
