/**
 * Creating a document from an imported source: its record, its content as the first snapshot of
 * its content room, and an empty annotations room, written in one transaction, so a
 * failure leaves nothing half-made. The seeded briefs, uploads and the command line all create
 * documents this way; a new document's id is a slug of its title, made unique.
 */
import {
  type CslItem,
  type ImportedDocument,
  type SourceType,
  writeContent,
} from '@warrant/document'
import * as Y from 'yjs'
import type { DocumentStore } from './document-store'
import { roomName } from './rooms'

/** The longest id a slug gives. */
export const maxIdLength = 64

/**
 * Stores an imported document under `id` and returns its record (its id set, a type defaulted),
 * or null when a document already has that id (nothing is written).
 */
export async function createDocument(
  documents: DocumentStore,
  id: string,
  imported: ImportedDocument,
): Promise<CslItem | null> {
  const { record, doc } = imported
  const item: CslItem = { ...record, id, type: record.type ?? 'document' }
  const content = new Y.Doc()
  let contentState: Uint8Array
  try {
    writeContent(doc, content)
    contentState = Y.encodeStateAsUpdate(content)
  } finally {
    content.destroy()
  }
  const created = await documents.create({
    id,
    record: item,
    snapshots: [
      { room: roomName(id, 'content'), state: contentState },
      { room: roomName(id, 'annotations'), state: Y.encodeStateAsUpdate(new Y.Doc()) },
    ],
  })
  return created ? item : null
}

/** A title as an id: ASCII, lowercase, words joined by hyphens, at most `maxIdLength` long. */
export function slugOf(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
  let slug = ''
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`
    if (next.length > maxIdLength) break
    slug = next
  }
  // A first word longer than the limit is cut; a title of no ASCII letters is a document.
  return slug || words[0]?.slice(0, maxIdLength) || 'document'
}

/** The ids a title gives, in the order they are tried: its slug, then with -2, -3… */
function* candidateIds(title: string): Generator<string> {
  const base = slugOf(title)
  yield base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    yield `${base.slice(0, maxIdLength - suffix.length).replace(/-+$/, '')}${suffix}`
  }
}

/**
 * Creates a document under a new id from its title (its slug, with -2, -3… when a document
 * already has it); returns its record. An id taken meanwhile (by another instance) is skipped.
 */
export async function addDocument(
  documents: DocumentStore,
  imported: ImportedDocument,
): Promise<CslItem> {
  const title = typeof imported.record.title === 'string' ? imported.record.title : ''
  for (const id of candidateIds(title)) {
    if (await documents.get(id)) continue
    const record = await createDocument(documents, id, imported)
    if (record) return record
  }
  throw new Error('unreachable: the ids of a title never run out')
}

/** Where a new document came from and what its creator asked of it. */
export interface DocumentSource {
  type: SourceType
  /** The file's name, when known. */
  fileName: string | null
  /** The title asked for, or null. */
  title: string | null
  /** Record fields set over what the source says (already checked). */
  record: Record<string, unknown>
  /** The source's size in bytes. */
  bytes: number
}

const defaultTypes: Record<SourceType, string> = {
  markdown: 'document',
  html: 'webpage',
  text: 'document',
  pdf: 'document',
}

/**
 * The record of a new document: what the source said, the fields its creator set over it, the
 * title asked for, else the file's name; a web page is a webpage, anything else a document.
 */
export function newDocumentRecord(
  imported: ImportedDocument,
  source: DocumentSource,
): Partial<CslItem> {
  const record: Partial<CslItem> = { ...imported.record, ...source.record }
  if (source.title !== null) record.title = source.title
  if (typeof record.title !== 'string' || record.title.trim() === '') {
    const stem = source.fileName?.replace(/\.[^.]*$/, '').trim()
    record.title = stem || 'Untitled document'
  }
  record.type ??= defaultTypes[source.type]
  return record
}

/** What the audit log says of a created document: its title, source, size and outline. */
export function createdDetail(
  record: CslItem,
  source: DocumentSource,
  imported: ImportedDocument,
): Record<string, unknown> {
  let paragraphs = 0
  let headings = 0
  imported.doc.descendants((node) => {
    if (!node.isTextblock) return true
    if (node.type.name === 'heading') headings += 1
    else paragraphs += 1
    return false
  })
  return {
    title: record.title ?? null,
    source: source.type,
    file: source.fileName,
    bytes: source.bytes,
    paragraphs,
    headings,
  }
}
