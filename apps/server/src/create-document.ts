/**
 * Creating a document from an imported source: its record, its content as the first snapshot of
 * its content room, and an empty annotations room, written in one SQLite transaction, so a
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
import { roomName } from './rooms'
import type { Storage } from './storage'

/** The longest id a slug gives. */
export const maxIdLength = 64

/** Stores an imported document under `id` and returns its record (its id set, a type defaulted). */
export function createDocument(storage: Storage, id: string, imported: ImportedDocument): CslItem {
  const { record, doc } = imported
  const item: CslItem = { ...record, id, type: record.type ?? 'document' }
  const content = new Y.Doc()
  try {
    writeContent(doc, content)
    const contentState = Y.encodeStateAsUpdate(content)
    const annotationsState = Y.encodeStateAsUpdate(new Y.Doc())
    storage.transaction(() => {
      storage.addDocument(id, item)
      storage.putSnapshot(roomName(id, 'content'), contentState)
      storage.putSnapshot(roomName(id, 'annotations'), annotationsState)
    })
  } finally {
    content.destroy()
  }
  return item
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

/** The slug of `title`, with -2, -3… when a document already has it. */
export function newDocumentId(storage: Storage, title: string): string {
  const base = slugOf(title)
  if (!storage.getDocument(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const id = `${base.slice(0, maxIdLength - suffix.length).replace(/-+$/, '')}${suffix}`
    if (!storage.getDocument(id)) return id
  }
}

/** Creates a document under a new id from its title, in one transaction; returns its record. */
export function addDocument(storage: Storage, imported: ImportedDocument): CslItem {
  const title = typeof imported.record.title === 'string' ? imported.record.title : ''
  return storage.transaction(() => createDocument(storage, newDocumentId(storage, title), imported))
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
