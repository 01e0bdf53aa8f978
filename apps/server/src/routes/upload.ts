/**
 * Reading a source document from a request, the two ways a client sends one: a multipart form
 * (field `file`, optional `title` and `record` as JSON), as browsers upload, or the bare bytes
 * with a Content-Type naming the kind (and an optional `?title=`), as scripts send.
 */
import { type SourceType, sourceTypeOf } from '@warrant/document'
import type { Context } from 'hono'
import { recordPatchSchema } from '../document-record'
import { ApiError } from '../errors'
import { parseWith } from './body'

/** A source as uploaded, with what the request said of its title and record. */
export interface Upload {
  bytes: Uint8Array
  type: SourceType
  /** The uploaded file's name, when it came as a form field. */
  fileName: string | null
  /** The title asked for, or null. */
  title: string | null
  /** Record fields to set over what the source says (checked). */
  record: Record<string, unknown>
}

const kinds =
  'Markdown (text/markdown), HTML (text/html), plain text (text/plain) or PDF (application/pdf)'

/** A 415 refusal naming what was sent. */
export function unsupported(what: string): ApiError {
  return new ApiError(415, `Warrant imports ${kinds}; ${what} is none of them`)
}

/** The request's source: 400 for a malformed form, 415 for a kind Warrant does not import. */
export async function readUpload(c: Context): Promise<Upload> {
  const contentType = c.req.header('content-type') ?? ''
  if (/^multipart\/form-data/i.test(contentType)) return readForm(c)
  const type = sourceTypeOf(contentType)
  if (!type) {
    throw unsupported(contentType === '' ? 'a body without a Content-Type' : `"${contentType}"`)
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  return { bytes, type, fileName: null, title: titleOf(c.req.query('title')), record: {} }
}

async function readForm(c: Context): Promise<Upload> {
  let form: FormData
  try {
    form = await c.req.formData()
  } catch {
    throw new ApiError(400, 'the multipart form could not be read')
  }
  const file = form.get('file')
  if (file === null || typeof file === 'string') {
    throw new ApiError(400, 'the form needs the source document as its "file" field', 'file')
  }
  const type = sourceTypeOf(file.type, file.name)
  if (!type) {
    const kind = file.type ? ` (${file.type})` : ''
    throw unsupported(`"${file.name || 'the file'}"${kind}`)
  }
  const title = form.get('title')
  const record = form.get('record')
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    type,
    fileName: file.name || null,
    title: typeof title === 'string' ? titleOf(title) : null,
    record: typeof record === 'string' && record.trim() !== '' ? recordOf(record) : {},
  }
}

function titleOf(value: string | undefined): string | null {
  const title = value?.replace(/\s+/g, ' ').trim() ?? ''
  return title === '' ? null : title
}

function recordOf(json: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new ApiError(
      400,
      'the "record" field must be a JSON object (it is not valid JSON)',
      'record',
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'the "record" field must be a JSON object', 'record')
  }
  return parseWith(recordPatchSchema, value) as Record<string, unknown>
}
