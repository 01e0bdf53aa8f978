/**
 * The documents as the API presents them: each read from its live rooms (loaded for the
 * moment if nobody has them open), so HTTP sees exactly what editors see.
 */
import {
  type Codebook,
  listAnnotations,
  listComments,
  listRelations,
  readCodebook,
  resolveAnchors,
} from '@warrant/annotations'
import {
  CONTENT_FRAGMENT,
  type CslItem,
  fragmentText,
  type TextBlock,
  versionId,
} from '@warrant/document'
import type { ClaimsInput } from '@warrant/export'
import type { Room } from './room'
import { type Rooms, roomName } from './rooms'
import type { Storage, StoredDocument } from './storage'

/** The transaction origin of writes made over HTTP. */
export const httpOrigin = 'http'

/** A document as listed. */
export interface DocumentSummary {
  id: string
  title: string
  record: CslItem
  /** Version id of the current text. */
  version: string
}

/** A document with its text, outline, codebook and sync rooms. */
export interface DocumentView extends DocumentSummary {
  text: string
  blocks: TextBlock[]
  codebook: Codebook
  sync: { path: string; content: string; annotations: string }
}

/** Reads and writes documents through their rooms. */
export class Library {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: Rooms,
  ) {}

  /** The stored document, or null. */
  find(id: string): StoredDocument | null {
    return this.storage.getDocument(id)
  }

  /** Every document (those `filter` keeps) with its current version. */
  list(filter: (id: string) => boolean = () => true): DocumentSummary[] {
    return this.storage
      .listDocuments()
      .filter((stored) => filter(stored.id))
      .map((stored) => {
        const text = this.withContent(stored.id, (content) => fragmentOf(content).text)
        return summary(stored, text)
      })
  }

  /** One document with its text and outline. */
  view(stored: StoredDocument): DocumentView {
    const { text, blocks, codebook } = this.withContent(stored.id, (content) => {
      const current = fragmentOf(content)
      return { text: current.text, blocks: current.blocks, codebook: readCodebook(content.doc) }
    })
    return {
      ...summary(stored, text),
      text,
      blocks,
      codebook,
      sync: {
        path: '/sync',
        content: roomName(stored.id, 'content'),
        annotations: roomName(stored.id, 'annotations'),
      },
    }
  }

  /** The codebook of a document, as its content room holds it (the briefs' until edited). */
  codebook(id: string): Codebook {
    return this.withContent(id, (content) => readCodebook(content.doc))
  }

  /** Runs `fn` with a document's content and annotations rooms (live while it runs). */
  withRooms<T>(id: string, fn: (content: Room, annotations: Room) => T): T {
    return this.rooms.use(roomName(id, 'content'), (content) =>
      this.rooms.use(roomName(id, 'annotations'), (annotations) => fn(content, annotations)),
    )
  }

  /** Everything an export of the document is built from. */
  exportInput(stored: StoredDocument, exportedAt = new Date().toISOString()): ClaimsInput {
    return this.withRooms(stored.id, (content, annotations) => {
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const current = fragmentText(fragment)
      const list = listAnnotations(annotations.doc)
      return {
        document: {
          id: stored.id,
          title: titleOf(stored),
          version: versionId(current.text),
          citation: stored.record,
        },
        text: current.text,
        blocks: current.blocks,
        annotations: list,
        relations: listRelations(annotations.doc),
        comments: listComments(annotations.doc),
        anchors: resolveAnchors(list, fragment),
        exportedAt,
      }
    })
  }

  /** Runs `fn` with a document's content room (live while it runs). */
  withContent<T>(id: string, fn: (content: Room) => T): T {
    return this.rooms.use(roomName(id, 'content'), fn)
  }
}

function fragmentOf(content: Room) {
  return fragmentText(content.doc.getXmlFragment(CONTENT_FRAGMENT))
}

function titleOf(stored: StoredDocument): string {
  return typeof stored.record.title === 'string' ? stored.record.title : stored.id
}

function summary(stored: StoredDocument, text: string): DocumentSummary {
  return { id: stored.id, title: titleOf(stored), record: stored.record, version: versionId(text) }
}
