/**
 * Reading request bodies: JSON objects only (400 otherwise), parsed with a zod schema whose
 * first complaint becomes a 422 naming the field at fault, so nothing half-valid goes further.
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import { ApiError } from '../errors'

/** The request's JSON body parsed by `schema`: 400 when not a JSON object, 422 naming the field. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseWith(schema, await readJson(c))
}

/** The request's JSON body, unparsed; 400 when it is not a JSON object. */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
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

/** `value` parsed by `schema`, or a 422 ApiError naming the first field at fault. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw refusal(result.error.issues[0], value)
}

function refusal(issue: z.core.$ZodIssue | undefined, value: unknown): ApiError {
  if (!issue) return new ApiError(422, 'the request body is not valid')
  const path = issue.path.map(String)
  if (issue.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.')
    return new ApiError(422, `"${field}" is not a field of this request`, field)
  }
  const field = path.join('.')
  if (issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined) {
    return new ApiError(422, `"${field}" is required`, field)
  }
  if (field === '') return new ApiError(422, issue.message)
  return new ApiError(422, `"${field}": ${issue.message}`, field)
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}
