/**
 * The structural walk of a Yjs V1 update: one pass over its bytes with lib0, reading exactly what
 * Yjs's reader will read, that refuses an update whose declared counts and lengths do not fit its
 * bytes, or whose shape would make applying it far costlier than its size (the update guard's
 * first layer).
 */
import * as decoding from 'lib0/decoding'

/** What the walk allows. */
export interface ShapeLimits {
  /** Items of one update that may share an insertion point (origin and right origin, or parent and key). */
  maxSiblings: number
  /** Nesting of JSON-like values (arrays and objects in `Y.Array`/`Y.Map` content). */
  maxDepth: number
  /** Root types a document may have (each new name costs memory for the room's life). */
  maxRootTypes: number
}

/** What the walk learned of a valid update. */
export interface UpdateShape {
  /** Structs (items, GC and skip ranges). */
  structs: number
  /** Bytes of the structs (the rest is the delete set, whose cost is linear). */
  structBytes: number
  /** Items with neither origin nor right origin (Yjs scans their whole parent to place them). */
  unanchored: number
  /** The root type names items refer to. */
  roots: Set<string>
}

/** An update the walk refuses, with the websocket close code to answer it with. */
export class UpdateRefused extends Error {
  override readonly name = 'UpdateRefused'
  constructor(
    readonly code: 1002 | 1008,
    message: string,
  ) {
    super(message)
  }
}

// Yjs clocks count characters of one client; no real client comes near 2^32 of them.
const maxClock = 2 ** 32

/** Walks `update` and returns its shape; throws UpdateRefused when it is not valid. */
export function inspectUpdate(update: Uint8Array, limits: ShapeLimits): UpdateShape {
  try {
    return new Walk(update, limits).run()
  } catch (error) {
    if (error instanceof UpdateRefused) throw error
    throw new UpdateRefused(1002, 'truncated update')
  }
}

function malformed(message: string): UpdateRefused {
  return new UpdateRefused(1002, message)
}

class Walk {
  private readonly d: decoding.Decoder
  private readonly shape: UpdateShape
  private readonly siblings = new Map<number, number>()
  private lastClock = 0

  constructor(
    private readonly update: Uint8Array,
    private readonly limits: ShapeLimits,
  ) {
    this.d = decoding.createDecoder(update)
    this.shape = { structs: 0, structBytes: 0, unanchored: 0, roots: new Set() }
  }

  run(): UpdateShape {
    const clients = new Set<number>()
    // A client's section is at least a struct count, a client id and a clock.
    const sections = this.count(3, 'client')
    for (let i = 0; i < sections; i++) {
      const structs = this.count(2, 'struct')
      const client = this.uint()
      if (clients.has(client)) throw malformed(`client ${client} appears twice`)
      clients.add(client)
      let clock = this.uint()
      for (let j = 0; j < structs; j++) {
        clock += this.struct(client, clock)
        if (clock > maxClock) throw new UpdateRefused(1008, 'clock out of range')
      }
      this.shape.structs += structs
    }
    this.shape.structBytes = this.d.pos
    this.deleteSet()
    if (this.d.pos !== this.update.length) throw malformed('bytes after the delete set')
    return this.shape
  }

  /** Reads one struct of `client` at `clock` and returns its length. */
  private struct(client: number, clock: number): number {
    const info = this.byte()
    const ref = info & 31
    if (ref === 0 || ref === 10) return this.positive('struct length') // GC or skip
    let place: number
    if ((info & 192) !== 0) {
      // Placed by its neighbours: origin and right origin (0 stands for none) name the place.
      place = placeOf(
        info & 128 ? this.id(client, clock) + 1 : 0,
        info & 128 ? this.lastClock : 0,
        info & 64 ? this.id(client, clock) + 1 : 0,
        info & 64 ? this.lastClock : 0,
      )
    } else {
      this.shape.unanchored += 1
      let parent: number
      if (this.uint() === 1) {
        const name = decoding.readVarString(this.d)
        const roots = this.shape.roots.add(name)
        if (roots.size > this.limits.maxRootTypes) throw new UpdateRefused(1008, 'too many roots')
        parent = hashString(name)
      } else {
        parent = placeOf(this.id(client, clock) + 1, this.lastClock, 0, 0)
      }
      const key = (info & 32) !== 0 ? this.hashBytes(this.bytes(), 0x1b873593) : 0
      place = placeOf(parent, key, 0, 1)
    }
    const siblings = (this.siblings.get(place) ?? 0) + 1
    if (siblings > this.limits.maxSiblings) {
      throw new UpdateRefused(1008, `more than ${this.limits.maxSiblings} items at one place`)
    }
    this.siblings.set(place, siblings)
    return this.content(ref)
  }

  /** Reads an item's content and returns its length (an upper bound for strings). */
  private content(ref: number): number {
    switch (ref) {
      case 1: // deleted
        return this.positive('deleted length')
      case 2: {
        // JSON strings, one per element
        const n = this.count(1, 'JSON value', true)
        for (let i = 0; i < n; i++) this.bytes()
        return n
      }
      case 3: // binary
      case 5: // embed (JSON)
        this.bytes()
        return 1
      case 4: {
        // UTF-16 length is at most the UTF-8 byte length
        const length = this.bytes()
        if (length === 0) throw malformed('empty string content')
        return length
      }
      case 6: // format: key and JSON value
        this.bytes()
        this.bytes()
        return 1
      case 7: {
        const type = this.uint()
        if (type > 6) throw malformed(`unknown type ${type}`)
        if (type === 3 || type === 5) this.bytes() // XML element or hook name
        return 1
      }
      case 8: {
        const n = this.count(1, 'value', true)
        for (let i = 0; i < n; i++) this.any()
        return n
      }
      case 9:
        throw new UpdateRefused(1008, 'subdocuments are not accepted')
      default:
        throw malformed(`unknown content ${ref}`)
    }
  }

  /** Skips one lib0 `any` value, with an explicit stack instead of recursion. */
  private any(): void {
    // Each level: values still to read, and whether they are object entries (key first).
    const pending: number[] = [1]
    const objects: boolean[] = [false]
    while (pending.length > 0) {
      const top = pending.length - 1
      const left = pending[top]!
      if (left === 0) {
        pending.pop()
        objects.pop()
        continue
      }
      pending[top] = left - 1
      if (objects[top]) this.bytes()
      const type = this.byte()
      if (type === 118 || type === 117) {
        if (pending.length >= this.limits.maxDepth) {
          throw new UpdateRefused(1008, `values nest deeper than ${this.limits.maxDepth}`)
        }
        pending.push(this.count(type === 118 ? 2 : 1, 'entry'))
        objects.push(type === 118)
      } else if (type === 125) decoding.readVarInt(this.d)
      else if (type === 124) decoding.readUint8Array(this.d, 4)
      else if (type === 123 || type === 122) decoding.readUint8Array(this.d, 8)
      else if (type === 119 || type === 116) this.bytes()
      else if (type < 120 || type > 127) throw malformed(`unknown value type ${type}`)
    }
  }

  private deleteSet(): void {
    const clients = new Set<number>()
    const sections = this.count(2, 'deleted client')
    for (let i = 0; i < sections; i++) {
      const client = this.uint()
      if (clients.has(client)) throw malformed(`client ${client} deletes twice`)
      clients.add(client)
      const ranges = this.count(2, 'deleted range')
      let end = 0
      for (let j = 0; j < ranges; j++) {
        const clock = this.uint()
        // Overlapping ranges would make Yjs walk the same structs again for each of them.
        if (clock < end) throw malformed('deleted ranges overlap or are out of order')
        end = clock + this.positive('deleted range')
        if (end > maxClock) throw new UpdateRefused(1008, 'clock out of range')
      }
    }
  }

  /** A count of things each taking at least `least` bytes, which must fit in what remains. */
  private count(least: number, what: string, nonEmpty = false): number {
    const n = this.uint()
    if (n * least > this.update.length - this.d.pos) {
      throw malformed(`${n} ${what}s declared in ${this.update.length - this.d.pos} bytes`)
    }
    if (nonEmpty && n === 0) throw malformed(`no ${what}s`)
    return n
  }

  private positive(what: string): number {
    const n = this.uint()
    if (n === 0) throw malformed(`${what} of 0`)
    if (n > maxClock) throw new UpdateRefused(1008, 'clock out of range')
    return n
  }

  /**
   * Reads an id (client, then clock; the clock is left in `lastClock`) that an item of `client`
   * at `clock` refers to. Yjs trusts an item's references to its own client to point backwards
   * and fails halfway through applying the update when they do not.
   */
  private id(client: number, clock: number): number {
    const of = this.uint()
    this.lastClock = this.uint()
    if (of === client && this.lastClock >= clock)
      throw malformed('an item refers to itself or later')
    return of
  }

  private uint(): number {
    return decoding.readVarUint(this.d)
  }

  private byte(): number {
    if (this.d.pos >= this.update.length) throw malformed('truncated update')
    return decoding.readUint8(this.d)
  }

  /** Skips a length-prefixed byte string and returns its length. */
  private bytes(): number {
    const n = this.uint()
    if (n > this.update.length - this.d.pos) throw malformed('truncated update')
    this.d.pos += n
    return n
  }

  /** A 32-bit hash of the `n` bytes just skipped. */
  private hashBytes(n: number, seed: number): number {
    let h = seed
    for (let i = this.d.pos - n; i < this.d.pos; i++) h = Math.imul(h ^ this.update[i]!, 0x01000193)
    return h >>> 0
  }
}

/**
 * A 53-bit hash of four numbers naming an insertion point. A collision only makes two places
 * count as one, which errs towards refusing, and needs `maxSiblings` of them to matter.
 */
function placeOf(a: number, b: number, c: number, d: number): number {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < 4; i++) {
    const n = i === 0 ? a : i === 1 ? b : i === 2 ? c : d
    const low = n >>> 0
    const high = (n / 0x100000000) >>> 0
    h1 = Math.imul(h1 ^ low, 0x01000193) ^ high
    h2 = Math.imul(h2 ^ high, 0x5bd1e995) ^ low
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff)
}

function hashString(value: string): number {
  let h = 0x5bd1e995
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193)
  return h >>> 0
}
