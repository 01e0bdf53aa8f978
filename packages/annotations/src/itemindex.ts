/**
 * An index of every item of the content fragment by id (client and clock range), built in one
 * pass in document order, so all relative positions of a document resolve by a clock lookup
 * instead of one walk over left siblings each (Y.createAbsolutePositionFromRelativePosition).
 */
import type { ContentType } from '@warrant/document'
import * as Y from 'yjs'

/** A Yjs position as Y.createAbsolutePositionFromRelativePosition returns it: a type and an index. */
export interface ItemPosition {
  type: ContentType
  index: number
}

/** Relative positions resolved against one state of a content fragment. */
export interface ItemIndex {
  /**
   * The (type, index) that Y.createAbsolutePositionFromRelativePosition gives for `position`
   * (following redone items, deleted items resolving to where they were), or null where it gives
   * null, where the type is deleted or inside a deleted type, or where it lies outside the fragment.
   */
  resolve(position: Y.RelativePosition): ItemPosition | null
}

// Flags of an indexed item, as they were when the index was built.
const IN_FRAGMENT = 1 // the item is under the fragment (the store holds other types' items too)
const COUNTS = 2 // undeleted and countable: its length counts in its parent's index space
const DELETED = 4
const PARENT_DELETED = 8 // its parent type, or one of that type's ancestors, is deleted

// The structs of one client in clock order (the store's order), as parallel arrays.
interface ClientItems {
  clocks: Float64Array
  lengths: Float64Array
  // Countable, undeleted length of the items left of each in its parent.
  befores: Float64Array
  flags: Uint8Array
  // The structs themselves, for what never changes once set (parent, content, redone).
  structs: Array<Y.Item | Y.GC | Y.Skip>
  // buckets[c >> BUCKET_BITS] is the struct holding clock c rounded down to its bucket: a
  // lookup then scans a few structs forward, where a binary search would miss the cache.
  buckets: Int32Array
}

const BUCKET_BITS = 3

// One indexed struct found by id.
interface Found {
  at: number
  of: ClientItems
}

/** Indexes every item under `fragment` (deleted ones included) in one pass in document order. */
export function indexItems(fragment: Y.XmlFragment): ItemIndex {
  // The store's struct arrays give the clock ranges (copied: later splits do not move them).
  const byClient = new Map<number, ClientItems>()
  for (const [client, structs] of fragment.doc?.store.clients ?? []) {
    const n = structs.length
    const of: ClientItems = {
      clocks: new Float64Array(n),
      lengths: new Float64Array(n),
      befores: new Float64Array(n),
      flags: new Uint8Array(n),
      structs: structs.slice(),
      buckets: new Int32Array(0),
    }
    // A client's structs cover its clocks without gaps (Yjs's addStruct insists), so each clock
    // follows from the one before, without reading every struct's id.
    let clock = n > 0 ? structs[0]!.id.clock : 0
    for (let i = 0; i < n; i++) {
      of.clocks[i] = clock
      of.lengths[i] = structs[i]!.length
      clock += of.lengths[i]!
    }
    const state = n > 0 ? of.clocks[n - 1]! + of.lengths[n - 1]! : 0
    of.buckets = new Int32Array((state >> BUCKET_BITS) + 1).fill(-1)
    for (let i = 0; i < n; i++) {
      const first = Math.ceil(of.clocks[i]! / 2 ** BUCKET_BITS)
      const last = (of.clocks[i]! + of.lengths[i]! - 1) >> BUCKET_BITS
      for (let b = first; b <= last; b++) of.buckets[b] = i
    }
    byClient.set(client, of)
  }

  // The position of the struct holding `clock` in a client's arrays, or -1.
  const locate = (of: ClientItems, clock: number): number => {
    const n = of.clocks.length
    if (n === 0 || clock < 0 || clock >= of.clocks[n - 1]! + of.lengths[n - 1]!) return -1
    let at = of.buckets[clock >> BUCKET_BITS]!
    if (at < 0) return -1
    while (at < n && clock >= of.clocks[at]! + of.lengths[at]!) at++
    return at < n && clock >= of.clocks[at]! ? at : -1
  }

  // One pass in document order gives each item its place in its parent.
  const addRun = (first: Y.Item | null, deleted: boolean) => {
    let before = 0
    for (let item = first; item !== null; item = item.right) {
      const of = byClient.get(item.id.client)
      const at = of ? locate(of, item.id.clock) : -1
      if (of && at >= 0) {
        of.befores[at] = before
        of.flags[at] =
          IN_FRAGMENT |
          (!item.deleted && item.countable ? COUNTS : 0) |
          (item.deleted ? DELETED : 0) |
          (deleted ? PARENT_DELETED : 0)
      }
      if (!item.deleted && item.countable) before += item.length
      if (item.content instanceof Y.ContentType) visit(item.content.type, deleted || item.deleted)
    }
  }
  const visit = (type: ContentType, deleted: boolean) => {
    // reason: Yjs has no public walk over a type's items that includes deleted ones.
    addRun(type._start, deleted)
    // A map key's entries are chained by `left` from the current one (attributes of an element).
    for (const last of type._map.values()) {
      let first: Y.Item = last
      while (first.left !== null) first = first.left
      addRun(first, deleted)
    }
  }
  visit(fragment, false)

  // An indexed item of the fragment by id, or null (not yet known, garbage collected, elsewhere).
  const itemAt = (client: number, clock: number): (Found & { item: Y.Item }) | null => {
    const of = byClient.get(client)
    const at = of ? locate(of, clock) : -1
    const item = of?.structs[at]
    if (!of || at < 0 || !(of.flags[at]! & IN_FRAGMENT) || !(item instanceof Y.Item)) return null
    return { at, of, item }
  }

  // Follows undone-then-redone items to their current copy, as Yjs's followRedone does.
  const followRedone = (id: Y.ID): { found: Found & { item: Y.Item }; diff: number } | null => {
    let client = id.client
    let clock = id.clock
    for (;;) {
      const found = itemAt(client, clock)
      if (!found) return null
      const diff = clock - found.of.clocks[found.at]!
      const redone = found.item.redone
      if (redone === null) return { found, diff }
      client = redone.client
      clock = redone.clock + diff
    }
  }

  const resolve = (position: Y.RelativePosition): ItemPosition | null => {
    const { item, type, tname, assoc } = position
    if (item) {
      const followed = followRedone(item)
      if (!followed) return null
      const { found, diff } = followed
      const flags = found.of.flags[found.at]!
      if (flags & PARENT_DELETED) return null
      const offset = flags & COUNTS ? diff + (assoc >= 0 ? 0 : 1) : 0
      return {
        // An item under the fragment has a type as its parent (an ID only before integration).
        type: found.item.parent as ContentType,
        index: found.of.befores[found.at]! + offset,
      }
    }
    let target: ContentType | null = null
    if (tname !== null) {
      // A root type by name: only the fragment itself is in the text (share.get never creates).
      target = Object.is(fragment.doc?.share.get(tname), fragment) ? fragment : null
    } else if (type) {
      const followed = followRedone(type)
      const found = followed?.found
      const content = found?.item.content
      if (found && !(found.of.flags[found.at]! & (DELETED | PARENT_DELETED))) {
        target = content instanceof Y.ContentType ? content.type : null
      }
    }
    if (!target) return null
    return { type: target, index: assoc >= 0 ? target._length : 0 }
  }

  return { resolve }
}
