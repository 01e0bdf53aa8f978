/**
 * Test support: two replicas of a document (a content Y.Doc and an annotations Y.Doc
 * each) that edit concurrently and sync by exchanging updates, and text edits made
 * through Yjs the way y-prosemirror makes them.
 */
import { fragmentText, schema, writeContent } from '@warrant/document'
import * as Y from 'yjs'

/** A ProseMirror document of the brief schema. */
export type Node = ReturnType<typeof schema.node>

/** One client's view of a document. */
export interface Replica {
  content: Y.Doc
  annotations: Y.Doc
  fragment: Y.XmlFragment
}

/** A brief from block texts: '# ' and '## ' start headings, anything else is a paragraph. */
export function brief(...blocks: string[]): Node {
  return schema.node(
    'doc',
    null,
    blocks.map((block) => {
      const heading = /^(#+) (.*)$/.exec(block)
      if (heading) {
        return schema.node('heading', { level: heading[1]!.length }, textNodes(heading[2]!))
      }
      return schema.node('paragraph', null, textNodes(block))
    }),
  )
}

function textNodes(text: string): Node[] {
  return text === '' ? [] : [schema.text(text)]
}

/** `count` replicas of one document, all starting from the same content (client ids 1, 2, ...). */
export function replicas(doc: Node, count = 2): Replica[] {
  const seed = new Y.Doc()
  writeContent(doc, seed)
  const initial = Y.encodeStateAsUpdate(seed)
  return Array.from({ length: count }, (_, i) => {
    const content = new Y.Doc()
    content.clientID = 100 + i
    Y.applyUpdate(content, initial)
    const annotations = new Y.Doc()
    annotations.clientID = 200 + i
    return { content, annotations, fragment: content.getXmlFragment('prosemirror') }
  })
}

/** Sends what `from` has and `to` lacks, for both docs of a replica or only the ones named. */
export function send(
  from: Replica,
  to: Replica,
  docs: Array<'content' | 'annotations'> = ['content', 'annotations'],
): void {
  for (const key of docs) {
    Y.applyUpdate(to[key], Y.encodeStateAsUpdate(from[key], Y.encodeStateVector(to[key])))
  }
}

/** Syncs every pair of replicas in both directions. */
export function syncAll(all: Replica[]): void {
  for (const a of all) for (const b of all) if (a !== b) send(a, b)
}

/** The canonical text of a replica's content. */
export function textOf(replica: Replica): string {
  return fragmentText(replica.fragment).text
}

/** The Y.XmlText holding the character at a canonical offset, and its index there. */
function textAt(fragment: Y.XmlFragment, offset: number): { type: Y.XmlText; index: number } {
  const { type, index } = fragmentText(fragment).typeIndexAt(offset)
  if (!(type instanceof Y.XmlText)) throw new Error(`offset ${offset} is not in text`)
  return { type, index }
}

/** Types `text` at a canonical offset (inside a paragraph's text). */
export function insertText(replica: Replica, offset: number, text: string): void {
  const { type, index } = textAt(replica.fragment, offset)
  type.insert(index, text)
}

/** Deletes `length` characters at a canonical offset, within one paragraph. */
export function deleteText(replica: Replica, offset: number, length: number): void {
  const { type, index } = textAt(replica.fragment, offset)
  type.delete(index, length)
}

/** The offset of the n-th occurrence (0-based) of `needle` in the replica's text. */
export function offsetOfText(replica: Replica, needle: string, nth = 0): number {
  const text = textOf(replica)
  let at = text.indexOf(needle)
  for (let i = 0; i < nth && at !== -1; i++) at = text.indexOf(needle, at + 1)
  if (at === -1) throw new Error(`"${needle}" is not in the text`)
  return at
}

/** Removes the block at `index` of the top level. */
export function deleteBlock(replica: Replica, index: number): void {
  replica.fragment.delete(index, 1)
}

/** Inserts a new paragraph with `text` at `index` of the top level. */
export function insertParagraph(replica: Replica, index: number, text: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  replica.fragment.insert(index, [paragraph])
}

/**
 * Splits the top-level paragraph at `blockIndex` after `at` characters as y-prosemirror
 * does on Enter: the tail is deleted from the paragraph and inserted as a new one.
 */
export function splitParagraph(replica: Replica, blockIndex: number, at: number): void {
  const paragraph = replica.fragment.get(blockIndex) as Y.XmlElement
  const text = paragraph.get(0) as Y.XmlText
  const tail = text.toString().slice(at)
  replica.content.transact(() => {
    text.delete(at, tail.length)
    insertParagraph(replica, blockIndex + 1, tail)
  })
}

/** The index in the top level of the block whose text contains `needle`. */
export function blockIndexOf(replica: Replica, needle: string): number {
  const index = replica.fragment
    .toArray()
    .findIndex(
      (block) => block instanceof Y.XmlElement && block.toArray().join('').includes(needle),
    )
  if (index === -1) throw new Error(`no block contains "${needle}"`)
  return index
}

/** A short brief on trade, the fixture of the store's specifications. */
export const tradeBrief = brief(
  '# Trade',
  "North Korea's exports fell by 86.3 percent year-on-year.",
  'Trade with China recovered in 2023.',
)

/** A one-replica session over `tradeBrief`, with a helper to find a passage's span. */
export function tradeSession() {
  const [replica] = replicas(tradeBrief, 1)
  const text = textOf(replica!)
  const spanOf = (exact: string) => {
    const start = text.indexOf(exact)
    return { start, end: start + exact.length }
  }
  return { ...replica!, text, spanOf }
}

/** A fixed creation time, so records compare exactly. */
export const now = '2024-10-01T09:00:00.000Z'

/** A message between two peers: an update of one of the docs, or a state vector asking for the rest. */
interface Message {
  doc: 'content' | 'annotations'
  type: 'update' | 'sync'
  data: Uint8Array
}

/**
 * A simulated network in the style of Yjs's own randomized tests: every local update of a
 * connected peer is queued for every other connected peer, one queue per sender and recipient;
 * queues are delivered in random order (each in order, like a websocket); a disconnect drops a
 * peer's queues and a reconnect syncs it with every connected peer by state vectors.
 */
export class Network {
  private readonly online: boolean[]
  private readonly queues = new Map<string, Message[]>()

  constructor(readonly peers: Replica[]) {
    this.online = peers.map(() => true)
    peers.forEach((peer, from) => {
      for (const doc of ['content', 'annotations'] as const) {
        peer[doc].on('update', (data: Uint8Array, origin: unknown) => {
          if (origin === this || !this.online[from]) return
          this.broadcast(from, { doc, type: 'update', data })
        })
      }
    })
  }

  /** Whether peer `i` is connected. */
  isOnline(i: number): boolean {
    return this.online[i]!
  }

  /** Takes peer `i` offline: what was on its way to or from it is lost. */
  disconnect(i: number): void {
    this.online[i] = false
    for (const key of [...this.queues.keys()]) {
      const [from, to] = key.split('>').map(Number)
      if (from === i || to === i) this.queues.delete(key)
    }
  }

  /** Brings peer `i` back: it and every connected peer send each other their state vectors. */
  connect(i: number): void {
    if (this.online[i]) return
    this.online[i] = true
    this.peers.forEach((_, j) => {
      if (j === i || !this.online[j]) return
      for (const doc of ['content', 'annotations'] as const) {
        this.queue(i, j, { doc, type: 'sync', data: Y.encodeStateVector(this.peers[i]![doc]) })
        this.queue(j, i, { doc, type: 'sync', data: Y.encodeStateVector(this.peers[j]![doc]) })
      }
    })
  }

  /** Delivers the oldest message of one randomly chosen non-empty queue; false when none is left. */
  deliverOne(pick: (count: number) => number): boolean {
    const keys = [...this.queues.keys()].filter((key) => this.queues.get(key)!.length > 0)
    if (keys.length === 0) return false
    const key = keys[pick(keys.length)]!
    const [from, to] = key.split('>').map(Number) as [number, number]
    const message = this.queues.get(key)!.shift()!
    const recipient = this.peers[to]![message.doc]
    if (message.type === 'update') Y.applyUpdate(recipient, message.data, this)
    else {
      const data = Y.encodeStateAsUpdate(recipient, message.data)
      this.queue(to, from, { doc: message.doc, type: 'update', data })
    }
    return true
  }

  /** Connects every peer and delivers every message, so that all have everything. */
  settle(pick: (count: number) => number): void {
    for (const i of this.peers.keys()) this.connect(i)
    while (this.deliverOne(pick)) {}
  }

  private broadcast(from: number, message: Message): void {
    this.peers.forEach((_, to) => {
      if (to !== from && this.online[to]) this.queue(from, to, message)
    })
  }

  private queue(from: number, to: number, message: Message): void {
    const key = `${from}>${to}`
    const list = this.queues.get(key) ?? []
    list.push(message)
    this.queues.set(key, list)
  }
}
