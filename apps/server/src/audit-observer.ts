/**
 * What websocket writes did, for the audit log: watches a room's Y.Doc and turns every
 * transaction a connection made into entries. In an annotations room: annotations, relations
 * and comments created, changed, re-anchored, resolved or deleted. In a content room: the text
 * edited (one entry per connection and minute, with counts), the codebook or settings changed.
 * Writes from elsewhere (HTTP, loading, imports) are recorded where they are made.
 */
import { ANNOTATIONS, CODEBOOK, COMMENTS, RELATIONS } from '@warrant/annotations'
import { CONTENT_FRAGMENT, SETTINGS } from '@warrant/document'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import type { Audit, AuditActor, RecordedEntry } from './audit'
import { type AuditRecordChange, type RecordChanges, recordEntries } from './audit-records'
import { type Connection, connectionActor } from './connection'

/** What the observer needs to know about its room. */
export interface AuditObserverOptions {
  audit: Audit
  /** The room's name, `<document>.<part>`. */
  room: string
  /** The actor behind a transaction origin: a connection's; null for writes recorded elsewhere. */
  actorOf: (origin: unknown) => AuditActor | null
  /** How long one entry gathers a connection's text edits, in ms (a minute). */
  textWindowMs?: number
  /** How often a text entry's counts are written while edits continue, in ms. */
  flushMs?: number
  /** The clock, in ms (tests step it). */
  now?: () => number
}

/**
 * Starts recording the connections' writes to a room's doc; returns the function that stops
 * (and writes the counts still pending), which may be called more than once.
 */
export function observeAudit(doc: Y.Doc, options: AuditObserverOptions): () => void {
  const dot = options.room.lastIndexOf('.')
  const document = options.room.slice(0, dot)
  const part = options.room.slice(dot + 1)
  const observe =
    part === 'annotations' ? observeRecords : part === 'content' ? observeContent : null
  let stop = observe ? observe(doc, document, options) : null
  return () => {
    stop?.()
    stop = null
  }
}

type YEvents = Array<Y.YEvent<Y.AbstractType<unknown>>>

/**
 * `fn`, with its failures logged rather than thrown: it runs inside the transaction of a
 * client's update, where a throw would close that client's socket as if its message were bad.
 */
function guarded<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args)
    } catch (error) {
      console.error('Could not record a change in the audit log', error)
    }
  }
}

/** Adds to `keys` the top-level keys of `map` that `events` (from map.observeDeep) touched. */
function collectKeys(map: Y.Map<unknown>, events: YEvents, keys: Set<string>): void {
  for (const event of events) {
    if (event.target === map && event instanceof Y.YMapEvent) {
      for (const key of event.keysChanged) if (key !== null) keys.add(key)
      continue
    }
    const key = event.path[0]
    if (typeof key === 'string') keys.add(key)
  }
}

/** A record as plain JSON, or null when the value is not a record. */
function plainOf(value: unknown): Record<string, unknown> | null {
  return value instanceof Y.Map ? (value.toJSON() as Record<string, unknown>) : null
}

const recordMaps = { annotation: ANNOTATIONS, relation: RELATIONS, comment: COMMENTS } as const

type RecordType = keyof typeof recordMaps

function observeRecords(doc: Y.Doc, document: string, options: AuditObserverOptions): () => void {
  const types = Object.keys(recordMaps) as RecordType[]
  // What each record was after the last transaction, to tell what the next one changed.
  const known = new Map<RecordType, Map<string, Record<string, unknown>>>()
  const touched = new Map<RecordType, Set<string>>()
  const stops: Array<() => void> = []
  for (const type of types) {
    const map = doc.getMap<unknown>(recordMaps[type])
    const records = new Map<string, Record<string, unknown>>()
    for (const [id, value] of map.entries()) {
      const plain = plainOf(value)
      if (plain) records.set(id, plain)
    }
    known.set(type, records)
    const keys = new Set<string>()
    touched.set(type, keys)
    const observer = guarded((events: YEvents) => collectKeys(map, events, keys))
    map.observeDeep(observer)
    stops.push(() => map.unobserveDeep(observer))
  }

  const afterTransaction = guarded((transaction: Y.Transaction) => {
    if (types.every((type) => touched.get(type)!.size === 0)) return
    const changes = {} as RecordChanges
    for (const type of types) {
      const map = doc.getMap<unknown>(recordMaps[type])
      const records = known.get(type)!
      const keys = touched.get(type)!
      const list: AuditRecordChange[] = []
      for (const id of keys) {
        const before = records.get(id) ?? null
        const after = plainOf(map.get(id))
        if (after) records.set(id, after)
        else records.delete(id)
        if (before || after) list.push({ id, before, after })
      }
      keys.clear()
      changes[type] = list
    }
    const actor = options.actorOf(transaction.origin)
    if (!actor) return
    for (const change of recordEntries(changes)) {
      options.audit.record({ ...actor, document, ...change })
    }
  })
  doc.on('afterTransaction', afterTransaction)
  return () => {
    for (const stop of stops) stop()
    doc.off('afterTransaction', afterTransaction)
  }
}

/** Characters one transaction inserted into and deleted from the text. */
interface TextTally {
  inserted: number
  deleted: number
}

/** A connection's text edits gathered into one entry. */
interface TextWindow {
  /** Its entry, as recorded (amended once written). */
  entry: RecordedEntry | null
  started: number
  updates: number
  inserted: number
  deleted: number
  last: string
  /** Whether the counts changed since the entry was last written. */
  dirty: boolean
}

function textDetail(window: TextWindow) {
  const { updates, inserted, deleted, last } = window
  return { updates, inserted, deleted, last }
}

function observeContent(doc: Y.Doc, document: string, options: AuditObserverOptions): () => void {
  const { audit } = options
  const windowMs = options.textWindowMs ?? 60_000
  const flushMs = options.flushMs ?? 5_000
  const now = options.now ?? Date.now
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  const codebook = doc.getMap<unknown>(CODEBOOK)
  const settings = doc.getMap<unknown>(SETTINGS)
  let text: TextTally | null = null
  const kinds = new Set<string>()
  const fields = new Set<string>()
  const windows = new Map<unknown, TextWindow>()
  let timer: ReturnType<typeof setTimeout> | null = null

  const onText = guarded((events: YEvents, transaction: Y.Transaction) => {
    // Counting is for connections' edits only; the rest is not recorded here.
    if (!options.actorOf(transaction.origin)) return
    const tally = text ?? { inserted: 0, deleted: 0 }
    text = tally
    for (const event of events) {
      if (!(event.target instanceof Y.XmlText)) continue
      for (const op of event.delta) {
        if (typeof op.insert === 'string') tally.inserted += op.insert.length
        else if (op.insert !== undefined) tally.inserted += 1
        if (op.delete !== undefined) tally.deleted += op.delete
      }
    }
  })
  const onCodebook = guarded((events: YEvents) => collectKeys(codebook, events, kinds))
  const onSettings = guarded((events: YEvents) => collectKeys(settings, events, fields))

  /** Writes the counts that changed, and forgets the windows that are over. */
  const flush = (all: boolean) => {
    timer = null
    for (const [origin, window] of windows) {
      if (window.dirty && window.entry !== null) audit.amend(window.entry, textDetail(window))
      window.dirty = false
      if (all || now() - window.started >= windowMs) windows.delete(origin)
    }
    if (windows.size > 0 && !all) schedule()
  }
  const schedule = () => {
    if (timer !== null) return
    timer = setTimeout(() => flush(false), flushMs)
    timer.unref?.()
  }

  const editText = (origin: unknown, actor: AuditActor, tally: TextTally) => {
    const at = now()
    const last = new Date(at).toISOString()
    const open = windows.get(origin)
    if (open && at - open.started < windowMs) {
      open.updates += 1
      open.inserted += tally.inserted
      open.deleted += tally.deleted
      open.last = last
      open.dirty = true
      schedule()
      return
    }
    if (open?.dirty && open.entry !== null) audit.amend(open.entry, textDetail(open))
    const window: TextWindow = {
      entry: null,
      started: at,
      updates: 1,
      ...tally,
      last,
      dirty: false,
    }
    window.entry = audit.record({
      ...actor,
      document,
      action: 'text.edit',
      time: last,
      detail: textDetail(window),
    })
    windows.set(origin, window)
    schedule()
  }

  const afterTransaction = guarded((transaction: Y.Transaction) => {
    const tally = text
    const changedKinds = [...kinds]
    const changedFields = [...fields]
    text = null
    kinds.clear()
    fields.clear()
    if (!tally && changedKinds.length === 0 && changedFields.length === 0) return
    const actor = options.actorOf(transaction.origin)
    if (!actor) return
    if (tally) editText(transaction.origin, actor, tally)
    if (changedKinds.length > 0) {
      audit.record({
        ...actor,
        document,
        action: 'codebook.update',
        detail: { kinds: changedKinds },
      })
    }
    if (changedFields.length > 0) {
      const values = Object.fromEntries(
        changedFields.map((key) => [key, settings.get(key) ?? null]),
      )
      audit.record({ ...actor, document, action: 'settings.update', detail: values })
    }
  })

  fragment.observeDeep(onText)
  codebook.observeDeep(onCodebook)
  settings.observeDeep(onSettings)
  doc.on('afterTransaction', afterTransaction)
  return () => {
    fragment.unobserveDeep(onText)
    codebook.unobserveDeep(onCodebook)
    settings.unobserveDeep(onSettings)
    doc.off('afterTransaction', afterTransaction)
    if (timer !== null) clearTimeout(timer)
    flush(true)
  }
}

/** What a room's audit observer records: its connections' writes, each named by its token. */
export function connectionAuditOptions(
  room: string,
  audit: Audit,
  connections: ReadonlyMap<WebSocket, Connection>,
): AuditObserverOptions {
  const actorOf = (origin: unknown): AuditActor | null => {
    const connection = origin instanceof WebSocket ? connections.get(origin) : undefined
    return connection ? connectionActor(connection) : null
  }
  return { audit, room, actorOf }
}
