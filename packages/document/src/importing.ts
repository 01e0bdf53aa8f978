/**
 * What every importer of a source (Markdown, HTML, plain text, PDF) gives, and how it refuses
 * a source: one document type and one error, so the server and the command line answer every
 * kind of file the same way.
 */
import type { Node } from 'prosemirror-model'
import type { CslItem } from './csl'

/** An imported source: its content in our schema and the record fields the source gave. */
export interface ImportedDocument {
  doc: Node
  record: Partial<CslItem>
}

/** The kinds of source Warrant imports. */
export const sourceTypes = ['markdown', 'html', 'text', 'pdf'] as const

/** One of `sourceTypes`. */
export type SourceType = (typeof sourceTypes)[number]

/** Why a source could not be imported. */
export type ImportErrorCode =
  | 'unsupported-type'
  | 'too-large'
  | 'corrupt'
  | 'encrypted'
  | 'no-text'
  | 'timeout'
  | 'empty'

/** A source that cannot become a document, with the reason to show. */
export class ImportError extends Error {
  override readonly name = 'ImportError'

  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message)
  }
}

const mediaTypes: Record<string, SourceType> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'application/pdf': 'pdf',
}

const extensions: Record<string, SourceType> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  txt: 'text',
  text: 'text',
  pdf: 'pdf',
}

/**
 * The kind of a source from its media type (parameters ignored), else from its file name's
 * extension; null when neither names a kind Warrant imports.
 */
export function sourceTypeOf(
  mediaType: string | null,
  fileName?: string | null,
): SourceType | null {
  const bare = (mediaType ?? '').split(';')[0]!.trim().toLowerCase()
  const byType = mediaTypes[bare]
  if (byType) return byType
  const extension = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase()
  return extension ? (extensions[extension] ?? null) : null
}
