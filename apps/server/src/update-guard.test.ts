import * as encoding from 'lib0/encoding'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { UpdateGuard, type UpdateVerdict } from './update-guard'

const guards: UpdateGuard[] = []

function guard(options: ConstructorParameters<typeof UpdateGuard>[0] = {}): UpdateGuard {
  const made = new UpdateGuard(options)
  guards.push(made)
  return made
}

afterAll(() => {
  for (const made of guards) made.close()
})

/** A document with some text, a map and a deletion, and its state as one update. */
function sample(): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, 'Exports fell by 86.3 percent year-on-year.')
  doc.getMap('annotations').set('a1', { kind: 'statistic', span: [0, 7], tags: ['trade'] })
  doc.getText('text').delete(0, 8)
  return { doc, update: Y.encodeStateAsUpdate(doc) }
}

/** An update of `count` items that all set key `k` of root map `m` without neighbours. */
function sameKeyUpdate(count: number): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, count) // one client section per item
  for (let client = 1; client <= count; client++) {
    encoding.writeVarUint(e, 1) // structs
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, 0) // clock
    encoding.writeUint8(e, 4 | 32) // string content, with a key, no neighbours
    encoding.writeVarUint(e, 1) // the parent is a root type
    encoding.writeVarString(e, 'm')
    encoding.writeVarString(e, 'k')
    encoding.writeVarString(e, 'a')
  }
  encoding.writeVarUint(e, 0) // no deletions
  return encoding.toUint8Array(e)
}

/** One client's section of `items` structs built by `write`, then no deletions. */
function oneClient(items: number, write: (e: encoding.Encoder, i: number) => void): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, items)
  encoding.writeVarUint(e, 7) // client
  encoding.writeVarUint(e, 0) // clock
  for (let i = 0; i < items; i++) write(e, i)
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

/** A root array item of `any` content holding `value` (written raw by `write`). */
function anyItem(write: (e: encoding.Encoder) => void): Uint8Array {
  return oneClient(1, (e) => {
    encoding.writeUint8(e, 8) // any content, no neighbours
    encoding.writeVarUint(e, 1)
    encoding.writeVarString(e, 'list')
    encoding.writeVarUint(e, 1) // one value
    write(e)
  })
}

function refusal(verdict: UpdateVerdict | Promise<UpdateVerdict>): {
  code: number
  reason: string
} {
  expect(verdict).not.toBeInstanceOf(Promise)
  const settled = verdict as UpdateVerdict
  expect(settled.ok).toBe(false)
  return settled.ok ? { code: 0, reason: '' } : { code: settled.code, reason: settled.reason }
}

describe('the structural check of every update', () => {
  it('accepts real updates at once, without a trial', () => {
    const { update } = sample()
    const room = new Y.Doc()
    const typed = new Y.Doc()
    typed.on('update', (u: Uint8Array) => expect(guard().check(room, u)).toEqual({ ok: true }))
    typed.getText('text').insert(0, 'Typed by Ada.')
    typed.getMap('annotations').set('a2', 'x')
    typed.getText('text').delete(2, 3)
    expect(guard().check(room, update)).toEqual({ ok: true })
  })

  it('refuses every truncation of a valid update with a protocol error', () => {
    const { update } = sample()
    for (let end = 0; end < update.length; end++) {
      expect(refusal(guard().check(new Y.Doc(), update.subarray(0, end))).code).toBe(1002)
    }
  })

  it('refuses a count that cannot fit in the bytes that follow it', () => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 2 ** 31) // client sections
    encoding.writeVarUint(e, 0)
    expect(refusal(guard().check(new Y.Doc(), encoding.toUint8Array(e))).reason).toMatch(
      /declared in/,
    )
    const structs = oneClient(0, () => {})
    structs[1] = 0x7f // 127 structs declared, none there
    expect(refusal(guard().check(new Y.Doc(), structs)).code).toBe(1002)
  })

  it('refuses an item that refers to itself, which Yjs would fail on halfway through applying', () => {
    const selfish = oneClient(2, (e, i) => {
      if (i === 0) {
        encoding.writeUint8(e, 4)
        encoding.writeVarUint(e, 1)
        encoding.writeVarString(e, 'text')
      } else {
        encoding.writeUint8(e, 4 | 128) // placed after its own id
        encoding.writeVarUint(e, 7)
        encoding.writeVarUint(e, 1)
      }
      encoding.writeVarString(e, 'a')
    })
    expect(() => Y.applyUpdate(new Y.Doc(), selfish)).toThrow()
    expect(refusal(guard().check(new Y.Doc(), selfish)).reason).toMatch(/refers to itself/)
  })

  it('refuses bytes after the delete set and overlapping deleted ranges', () => {
    const { update } = sample()
    const trailing = new Uint8Array([...update, 0])
    expect(refusal(guard().check(new Y.Doc(), trailing)).reason).toMatch(/after the delete set/)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0) // no structs
    encoding.writeVarUint(e, 1) // one client deletes
    encoding.writeVarUint(e, 9)
    encoding.writeVarUint(e, 2) // two ranges: 0-100, then 50-150 again
    for (const [clock, length] of [
      [0, 100],
      [50, 100],
    ]) {
      encoding.writeVarUint(e, clock!)
      encoding.writeVarUint(e, length!)
    }
    encoding.writeVarUint(e, 0)
    const overlapping = encoding.toUint8Array(e).subarray(0, -1)
    expect(refusal(guard().check(new Y.Doc(), overlapping)).reason).toMatch(/overlap/)
  })

  it('refuses more items at one place than real editing makes, before Yjs spends seconds on them', () => {
    const crafted = sameKeyUpdate(8000)
    const started = performance.now()
    Y.applyUpdate(new Y.Doc(), crafted)
    console.log(
      `applying ${crafted.length} bytes of same-key items took ${(performance.now() - started).toFixed(0)} ms`,
    )
    const verdict = refusal(guard().check(new Y.Doc(), crafted))
    expect(verdict).toEqual({ code: 1008, reason: 'more than 32 items at one place' })
    expect(guard().check(new Y.Doc(), sameKeyUpdate(32))).toEqual({ ok: true })
  })

  it('refuses subdocuments, values nested too deep, unknown content and too many root types', () => {
    const subdocument = oneClient(1, (e) => {
      encoding.writeUint8(e, 9)
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, 'docs')
      encoding.writeVarString(e, 'guid')
      encoding.writeUint8(e, 118) // empty options object
      encoding.writeVarUint(e, 0)
    })
    expect(refusal(guard().check(new Y.Doc(), subdocument)).reason).toMatch(/subdocuments/)
    const deep = anyItem((e) => {
      for (let i = 0; i < 100_000; i++) {
        encoding.writeUint8(e, 117) // an array holding one value
        encoding.writeVarUint(e, 1)
      }
      encoding.writeUint8(e, 126) // null
    })
    expect(refusal(guard().check(new Y.Doc(), deep)).reason).toMatch(/nest deeper than 64/)
    const unknown = oneClient(1, (e) => {
      encoding.writeUint8(e, 13 | 128) // content 13, after an origin of another client
      encoding.writeVarUint(e, 8)
      encoding.writeVarUint(e, 0)
    })
    expect(refusal(guard().check(new Y.Doc(), unknown)).reason).toMatch(/unknown content 13/)
    const roots = oneClient(10, (e, i) => {
      encoding.writeUint8(e, 4)
      encoding.writeVarUint(e, 1)
      encoding.writeVarString(e, `root-${i}`)
      encoding.writeVarString(e, 'x')
    })
    const crowded = new Y.Doc()
    for (let i = 0; i < 60; i++) crowded.getMap(`existing-${i}`)
    expect(refusal(guard().check(crowded, roots)).reason).toMatch(/at most 64 root types/)
    expect(guard().check(new Y.Doc(), roots)).toEqual({ ok: true })
  })

  it('never throws and never hangs on random mutations of valid updates', () => {
    const { update } = sample()
    const check = guard({ trialAboveBytes: Number.POSITIVE_INFINITY })
    let refused = 0
    for (let i = 0; i < 5000; i++) {
      const mutated = update.slice()
      for (let flips = 1 + (i % 4); flips > 0; flips--) {
        mutated[Math.floor(Math.random() * mutated.length)] = Math.floor(Math.random() * 256)
      }
      const verdict = check.check(new Y.Doc(), mutated) as UpdateVerdict
      if (!verdict.ok) refused += 1
    }
    console.log(`${refused} of 5000 mutated updates refused by the structural check`)
    expect(refused).toBeGreaterThan(0)
  })
})

describe('the timed trial of large updates', () => {
  it('tries a large update in a worker against a copy of the document, then accepts it', async () => {
    const { doc } = sample()
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
    writer.getText('text').insert(0, 'word '.repeat(20_000))
    const update = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(doc))
    const verdict = guard().check(doc, update)
    expect(verdict).toBeInstanceOf(Promise)
    expect(await verdict).toEqual({ ok: true })
  })

  it('checks a reply that only carries deletions at once, however long its delete set', () => {
    const doc = new Y.Doc()
    const text = doc.getText('text')
    text.insert(0, 'ab'.repeat(20_000))
    doc.transact(() => {
      for (let i = 20_000; i > 0; i--) text.delete(i * 2 - 1, 1)
    })
    const reply = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))
    expect(reply.length).toBeGreaterThan(32 * 1024)
    expect(guard().check(new Y.Doc(), reply)).toEqual({ ok: true })
  })

  it('refuses an update whose trial outlasts the time box, and tries the next one afresh', async () => {
    const check = guard({ maxSiblings: Number.POSITIVE_INFINITY, timeoutMs: 200 })
    const started = performance.now()
    const verdict = await check.check(new Y.Doc(), sameKeyUpdate(20_000))
    console.log(`the trial was cut off after ${(performance.now() - started).toFixed(0)} ms`)
    expect(verdict).toEqual({
      ok: false,
      code: 1008,
      reason: 'the update took longer than 200 ms to apply',
    })
    const { update } = sample()
    const big = new Y.Doc()
    big.getText('text').insert(0, 'x'.repeat(40_000))
    Y.applyUpdate(big, update)
    expect(await check.check(new Y.Doc(), Y.encodeStateAsUpdate(big))).toEqual({ ok: true })
  })

  it('refuses an update whose trial exhausts the worker heap', async () => {
    // 300,000 nested maps, each anchored after the previous one: valid, and heavy to hold.
    const types = oneClient(300_000, (e, i) => {
      encoding.writeUint8(e, i === 0 ? 7 : 7 | 128)
      if (i === 0) {
        encoding.writeVarUint(e, 1)
        encoding.writeVarString(e, 'list')
      } else {
        encoding.writeVarUint(e, 7)
        encoding.writeVarUint(e, i - 1)
      }
      encoding.writeVarUint(e, 1) // a Y.Map
    })
    const verdict = await guard({ heapLimitMb: 32 }).check(new Y.Doc(), types)
    expect(verdict).toEqual({ ok: false, code: 1008, reason: 'the update needs too much memory' })
  })
})
