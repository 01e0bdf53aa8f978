/**
 * The input of every export read from a document as it lives: the canonical text of its content
 * Y.Doc, and the annotations, relations, threads and resolved anchors of its annotations Y.Doc.
 */
import { listAnnotations, listComments, listRelations, resolveAnchors } from '@warrant/annotations'
import { CONTENT_FRAGMENT, type CslItem, fragmentText, versionId } from '@warrant/document'
import type * as Y from 'yjs'
import type { ClaimsInput } from './claims'
import type { CitationStyle } from './styles'

/** A document to export: its id, bibliographic record and two Y.Docs. */
export interface ExportSource {
  id: string
  record: CslItem
  content: Y.Doc
  annotations: Y.Doc
}

/** Options of exportInput: the citation style and the export time (default: now). */
export interface ExportInputOptions {
  style?: CitationStyle
  exportedAt?: string
}

/** Reads everything an export of `source` is built from. */
export function exportInput(source: ExportSource, options: ExportInputOptions = {}): ClaimsInput {
  const fragment = source.content.getXmlFragment(CONTENT_FRAGMENT)
  const current = fragmentText(fragment)
  const annotations = listAnnotations(source.annotations)
  const title = source.record.title
  return {
    document: {
      id: source.id,
      title: typeof title === 'string' ? title : source.id,
      version: versionId(current.text),
      citation: source.record,
    },
    text: current.text,
    blocks: current.blocks,
    annotations,
    relations: listRelations(source.annotations),
    comments: listComments(source.annotations),
    anchors: resolveAnchors(annotations, fragment),
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    ...(options.style ? { style: options.style } : {}),
  }
}
