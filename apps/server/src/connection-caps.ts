/**
 * Caps on what one token (a reader's session, or a share used directly) holds open at once, so
 * one reader cannot exhaust the server's sockets or memory: at most so many websocket
 * connections, and at most so many distinct documents among them. A connection acquires its
 * place before the upgrade and releases it when its socket closes.
 */

/** The caps; 0 means no cap. */
export interface ConnectionCapsOptions {
  /** Open websocket connections per token. */
  maxConnections: number
  /** Distinct documents open at once per token (a document's two rooms count once). */
  maxDocuments: number
}

/** A connection's place, released (once) when it closes. */
export interface ConnectionLease {
  release(): void
}

/** Why a connection was refused. */
export interface CapRefusal {
  refused: 'connections' | 'documents'
  /** A sentence for the refusal's body. */
  message: string
}

interface Holding {
  connections: number
  /** Open connections by document. */
  documents: Map<string, number>
}

/** Counts open connections and documents by token. */
export class ConnectionCaps {
  private readonly holdings = new Map<string, Holding>()

  constructor(readonly options: ConnectionCapsOptions) {}

  /** Takes a place for a connection of `key` to `documentId`, or says which cap refuses it. */
  acquire(key: string, documentId: string): ConnectionLease | CapRefusal {
    const { maxConnections, maxDocuments } = this.options
    const holding = this.holdings.get(key) ?? { connections: 0, documents: new Map() }
    if (maxConnections > 0 && holding.connections >= maxConnections) {
      return {
        refused: 'connections',
        message: `this token already holds ${maxConnections} open connections`,
      }
    }
    const open = holding.documents.get(documentId) ?? 0
    if (maxDocuments > 0 && open === 0 && holding.documents.size >= maxDocuments) {
      return {
        refused: 'documents',
        message: `this token already has ${maxDocuments} documents open`,
      }
    }
    holding.connections += 1
    holding.documents.set(documentId, open + 1)
    this.holdings.set(key, holding)
    return new Lease(this, key, documentId)
  }

  /** Open connections of `key`. */
  connections(key: string): number {
    return this.holdings.get(key)?.connections ?? 0
  }

  /** Documents `key` has open. */
  documents(key: string): number {
    return this.holdings.get(key)?.documents.size ?? 0
  }

  /** Gives back a place `acquire` took (a Lease calls this once). */
  free(key: string, documentId: string): void {
    const holding = this.holdings.get(key)
    if (!holding) return
    holding.connections -= 1
    const open = (holding.documents.get(documentId) ?? 1) - 1
    if (open > 0) holding.documents.set(documentId, open)
    else holding.documents.delete(documentId)
    if (holding.connections === 0) this.holdings.delete(key)
  }
}

/** A place held, as plain fields: one is kept for every open connection. */
class Lease implements ConnectionLease {
  private released = false

  constructor(
    private readonly caps: ConnectionCaps,
    private readonly key: string,
    private readonly documentId: string,
  ) {}

  release(): void {
    if (this.released) return
    this.released = true
    this.caps.free(this.key, this.documentId)
  }
}

/** Whether `acquire` refused. */
export function isRefusal(result: ConnectionLease | CapRefusal): result is CapRefusal {
  return 'refused' in result
}
