/**
 * Imports plain text: paragraphs at blank lines, the lines of a paragraph joined with a space
 * (text files wrap lines where a reader's screen would not), and no headings, since plain text
 * marks none a reader could rely on. A short first paragraph followed by more text is taken as
 * the title for the record (it stays in the text).
 */
import type { Node } from 'prosemirror-model'
import type { CslItem } from './csl'
import { decodeUtf8, refuseBinary } from './decoding'
import { ImportError, type ImportedDocument } from './importing'
import { schema } from './schema'

/** A first paragraph shorter than this (and not alone) is the record's title. */
export const plainTitleLength = 120

/** Parses UTF-8 plain text (CRLF or LF, with or without a byte order mark) into a document. */
export function parseText(bytes: Uint8Array | string): ImportedDocument {
  const source =
    typeof bytes === 'string' ? refuseBinary(bytes, 'text file') : decodeUtf8(bytes, 'text file')
  const paragraphs = source
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\f\v]*\n/)
    .map((block) =>
      block
        .split('\n')
        // Tabs and other controls become spaces; runs of spaces stay as the author typed them.
        .map((line) => line.replace(/\p{Cc}/gu, ' ').trim())
        .filter((line) => line !== '')
        .join(' '),
    )
    .filter((paragraph) => paragraph !== '')
  if (paragraphs.length === 0) throw new ImportError('empty', 'the text file has no text')
  const doc: Node = schema.node(
    'doc',
    null,
    paragraphs.map((text) => schema.node('paragraph', null, schema.text(text))),
  )
  const record: Partial<CslItem> = {}
  const first = paragraphs[0]!
  if (paragraphs.length > 1 && first.length < plainTitleLength) record.title = first
  return { doc, record }
}
