/**
 * The documents as the API presents them: each read from its live rooms (loaded for the
 * moment if nobody has them open), so HTTP sees exactly what editors see.
 */
import { type Codebook, readCodebook } from '@warrant/annotations'
import {
  CONTENT_FRAGMENT,
  type CslItem,
  type DocumentSettings,
  fragmentText,
  readSettings,
  type TextBlock,
  versionId,
  writeSettings,
} from '@warrant/document'
import {
  type ExportedFile,
  exportDocument,
  exportInput,
  type ImportReport,
  importBundle,
  parseCitationStyle,
  readExport,
} from '@warrant/export'
import { Audit } from './audit'
import type { DocumentStore, StoredDocument } from './document-store'
import type { Room } from './room'
import { type Rooms, roomName } from './rooms'
import type { Stores } from './stores'

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
  settings: DocumentSettings
  sync: { path: string; content: string; annotations: string }
}

/** Reads and writes documents through their rooms. */
export class Library {
  /** The documents' records (document creation and record changes write to it directly). */
  readonly documents: DocumentStore

  constructor(
    stores: Pick<Stores, 'documents' | 'audit'>,
    private readonly rooms: Rooms,
    /** The audit log its writers record in (one over the stores' unless given). */
    readonly audit: Audit = new Audit(stores.audit),
  ) {
    this.documents = stores.documents
  }

  /** The stored document, or null. */
  find(id: string): Promise<StoredDocument | null> {
    return this.documents.get(id)
  }

  /** Every document (those `filter` keeps) with its current version. */
  async list(filter: (id: string) => boolean = () => true): Promise<DocumentSummary[]> {
    const listed: DocumentSummary[] = []
    for (const stored of await this.documents.list()) {
      if (!filter(stored.id)) continue
      const text = await this.withContent(stored.id, (content) => fragmentOf(content).text)
      listed.push(summary(stored, text))
    }
    return listed
  }

  /** One document with its text and outline. */
  async view(stored: StoredDocument): Promise<DocumentView> {
    const { text, blocks, codebook, settings } = await this.withContent(stored.id, (content) => {
      const current = fragmentOf(content)
      const codebook = readCodebook(content.doc)
      return {
        text: current.text,
        blocks: current.blocks,
        codebook,
        settings: readSettings(content.doc),
      }
    })
    return {
      ...summary(stored, text),
      text,
      blocks,
      codebook,
      settings,
      sync: {
        path: '/sync',
        content: roomName(stored.id, 'content'),
        annotations: roomName(stored.id, 'annotations'),
      },
    }
  }

  /** The codebook of a document, as its content room holds it (the briefs' until edited). */
  codebook(id: string): Promise<Codebook> {
    return this.withContent(id, (content) => readCodebook(content.doc))
  }

  /**
   * Runs `fn` with a document's content and annotations rooms, loaded for it; what it writes is
   * stored when the promise resolves (see `Rooms.use`).
   */
  withRooms<T>(id: string, fn: (content: Room, annotations: Room) => T): Promise<T> {
    return this.rooms.use([roomName(id, 'content'), roomName(id, 'annotations')], ([c, a]) =>
      fn(c as Room, a as Room),
    )
  }

  /** The document exported in `format`, cited in `style` (default: the document's setting). */
  exportFile(stored: StoredDocument, format: string, style?: string): Promise<ExportedFile> {
    return this.withRooms(stored.id, (content, annotations) => {
      const chosen = parseCitationStyle(style ?? readSettings(content.doc).citationStyle ?? 'apa')
      const source = { id: stored.id, record: stored.record, content: content.doc }
      return exportDocument(
        format,
        exportInput({ ...source, annotations: annotations.doc }, { style: chosen }),
      )
    })
  }

  /**
   * Imports an export file's annotations, relations and threads into the document through its
   * live annotations room (stored and relayed like any edit); throws ExportError when unreadable.
   */
  importFile(stored: StoredDocument, body: string): Promise<ImportReport> {
    const bundle = readExport(body)
    return this.withRooms(stored.id, (content, annotations) => {
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const target = {
        annotations: annotations.doc,
        content: fragment,
        version: versionId(fragmentText(fragment).text),
      }
      return importBundle(target, bundle, {
        codebook: readCodebook(content.doc),
        origin: httpOrigin,
      })
    })
  }

  /** A document's settings. */
  settings(id: string): Promise<DocumentSettings> {
    return this.withContent(id, (content) => readSettings(content.doc))
  }

  /** Changes a document's settings through its live content room. */
  setSettings(id: string, patch: Partial<DocumentSettings>): Promise<DocumentSettings> {
    return this.withContent(id, (content) => writeSettings(content.doc, patch, httpOrigin))
  }

  /** Runs `fn` with a document's content room, as `withRooms` does. */
  withContent<T>(id: string, fn: (content: Room) => T): Promise<T> {
    return this.rooms.use([roomName(id, 'content')], ([content]) => fn(content as Room))
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
