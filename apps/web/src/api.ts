/**
 * The HTTP API as the web app sees it: every request carries the reader's token, and the
 * response shapes the pages rely on are named here once.
 */
import type { Codebook } from '@warrant/annotations'
import type { CslItem, TextBlock } from '@warrant/document'
import { accessToken } from './session'

/** A failed API request, with the HTTP status and the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** A document as listed by `GET /api/documents`. */
export interface DocumentSummary {
  id: string
  title: string
  record?: Partial<CslItem>
}

/** A document as returned by `GET /api/documents/:id`. */
export interface DocumentInfo {
  id: string
  title: string
  record: CslItem
  version: string
  text: string
  blocks: TextBlock[]
  codebook: Codebook
  sync: { path: string; content: string; annotations: string }
}

/** The reader behind the token, from `GET /api/me`. */
export interface Me {
  role: 'viewer' | 'annotator' | 'editor' | 'owner'
  /** The display name the token stands for. */
  name: string
  /** The one document the token opens, or null for all of them. */
  document: string | null
}

/** Fetches an API path with the reader's token; throws ApiError on a non-2xx answer. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const token = accessToken()
  if (token !== null) headers.set('Authorization', `Bearer ${token}`)
  const response = await fetch(path, { ...init, headers })
  if (!response.ok) {
    let message = response.statusText
    try {
      const body = (await response.json()) as { error?: unknown; message?: unknown }
      const text = body.message ?? body.error
      if (typeof text === 'string') message = text
    } catch {
      // A body that is not JSON leaves the status text as the message.
    }
    throw new ApiError(response.status, message)
  }
  return response
}

/** Fetches an API path and parses its JSON body. */
export async function getJSON<T>(path: string): Promise<T> {
  const response = await apiFetch(path)
  return (await response.json()) as T
}

/** Lists the documents the token may read. */
export async function listDocuments(): Promise<DocumentSummary[]> {
  const body = await getJSON<DocumentSummary[] | { documents: DocumentSummary[] }>('/api/documents')
  return Array.isArray(body) ? body : body.documents
}

/** Fetches one document with its record, codebook and sync rooms. */
export function getDocument(id: string): Promise<DocumentInfo> {
  return getJSON<DocumentInfo>(`/api/documents/${encodeURIComponent(id)}`)
}

/** Fetches the role and label of the reader's token. */
export function getMe(): Promise<Me> {
  return getJSON<Me>('/api/me')
}

/** A share link as `GET /api/documents/:id/shares` lists it (the secret is never listed). */
export interface Share {
  id: string
  role: Me['role']
  label: string
  /** The one document it opens, or null for every document. */
  document: string | null
  expires: string | null
  created: string
}

/** What `POST /api/documents/:id/shares` asks for. */
export interface ShareRequest {
  role: Me['role']
  label: string
  expires?: string | null
}

/** A new share: its record, its secret token (shown once) and the path that opens it. */
export interface CreatedShare {
  share: Share
  token: string
  path: string
}

function sharesPath(documentId: string): string {
  return `/api/documents/${encodeURIComponent(documentId)}/shares`
}

/** Lists the shares that open a document (owners only). */
export async function listShares(documentId: string): Promise<Share[]> {
  return (await getJSON<{ shares: Share[] }>(sharesPath(documentId))).shares
}

/** Creates a share link for a document (owners only). */
export async function createShare(
  documentId: string,
  request: ShareRequest,
): Promise<CreatedShare> {
  const response = await apiFetch(sharesPath(documentId), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  })
  return (await response.json()) as CreatedShare
}

/** Revokes a share: its token stops working and its open connections are closed. */
export async function revokeShare(documentId: string, shareId: string): Promise<void> {
  await apiFetch(`${sharesPath(documentId)}/${encodeURIComponent(shareId)}`, { method: 'DELETE' })
}
