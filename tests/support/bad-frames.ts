/**
 * The frames of the bad-frames test: real y-websocket messages to mutate, and frames no server
 * may accept, each built to break one rule of the protocol or of Yjs's update format (some
 * crafted to be costly to apply, after yjs#687 and yjs#498).
 */
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

/** Encodes a message with `write`. */
export function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

/** Writes each value as a varUint. */
export function writeUints(e: encoding.Encoder, ...values: number[]): void {
  for (const value of values) encoding.writeVarUint(e, value)
}

/** A sync message carrying `update` (a SyncStep2 or an update). */
export function updateMessage(
  update: Uint8Array,
  step: number = syncProtocol.messageYjsUpdate,
): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, step)
    encoding.writeVarUint8Array(e, update)
  })
}

/** A V1 update of one client's structs, written by `write`, and no deletions. */
export function oneClient(
  items: number,
  write: (e: encoding.Encoder, i: number) => void,
): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint(e, items)
    encoding.writeVarUint(e, 4242)
    encoding.writeVarUint(e, 0)
    for (let i = 0; i < items; i++) write(e, i)
    encoding.writeVarUint(e, 0)
  })
}

/** Real messages of a y-websocket client (updates of several kinds, awareness, step 1), and the updates. */
export function validMessages(): { frames: Uint8Array[]; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const fragment = doc.getXmlFragment('flood')
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('Exports fell by 86.3 percent.')])
  fragment.insert(0, [paragraph])
  const text = paragraph.get(0) as Y.XmlText
  text.insert(4, 'ort')
  text.format(0, 7, { bold: true })
  text.delete(2, 3)
  doc.getMap('notes').set('n1', { kind: 'claim', tags: ['a', 'b'], n: 1.5 })
  doc.getArray('list').insert(0, [1, 'two', null, { three: [3] }])
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { name: 'Flood' }, cursor: null })
  const awarenessFrame = message((e) => {
    encoding.writeVarUint(e, 1)
    encoding.writeVarUint8Array(
      e,
      awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
    )
  })
  awareness.destroy()
  updates.push(Y.encodeStateAsUpdate(doc))
  const frames = [
    ...updates.map((update) => updateMessage(update)),
    updateMessage(Y.encodeStateAsUpdate(doc), syncProtocol.messageYjsSyncStep2),
    awarenessFrame,
    message((e) => {
      encoding.writeVarUint(e, 0)
      syncProtocol.writeSyncStep1(e, doc)
    }),
  ]
  return { frames, updates }
}

/** Frames no server may accept, each built to break one rule; some are crafted to be costly. */
export function invalidFrames(valid: {
  frames: Uint8Array[]
  updates: Uint8Array[]
}): Array<Uint8Array | string> {
  const syncFrames = valid.frames.filter((frame) => frame[0] === 0)
  const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'))
  const frames: Array<Uint8Array | string> = [
    new Uint8Array(0),
    new Uint8Array([0x80]), // a varint that never ends
    new Uint8Array([0, 0x80, 0x80]),
    new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]), // declares 268 MB, carries 3 bytes
    new Uint8Array([9]), // no such message type
    new Uint8Array([0x7f, 1, 2]),
    new Uint8Array([0, 7, 0]), // no such sync step
    'a text frame',
    // yjs#687: a V2 update that makes mergeUpdatesV2 run forever, sent as a V1 update
    updateMessage(hex('00010000000001000100010200001602000001fdffffffff7f0000')),
    updateMessage(Y.encodeStateAsUpdateV2(new Y.Doc())), // V2 where V1 is spoken
    updateMessage(new Uint8Array(0)), // yjs#498: an empty update
    // 2^32 - 1 structs declared in a few bytes
    updateMessage(message((e) => writeUints(e, 1, 0xffffffff, 1, 0))),
    // 8,000 items from as many clients all setting one key: seconds of conflict resolution
    updateMessage(
      message((e) => {
        encoding.writeVarUint(e, 8000)
        for (let client = 1; client <= 8000; client++) {
          writeUints(e, 1, client, 0)
          encoding.writeUint8(e, 4 | 32)
          encoding.writeVarUint(e, 1)
          encoding.writeVarString(e, 'flood')
          encoding.writeVarString(e, 'k')
          encoding.writeVarString(e, 'v')
        }
        encoding.writeVarUint(e, 0)
      }),
    ),
    // 50,000 nested arrays in one value
    updateMessage(
      oneClient(1, (e) => {
        encoding.writeUint8(e, 8)
        encoding.writeVarUint(e, 1)
        encoding.writeVarString(e, 'list')
        encoding.writeVarUint(e, 1)
        for (let i = 0; i < 50_000; i++) {
          encoding.writeUint8(e, 117)
          encoding.writeVarUint(e, 1)
        }
        encoding.writeUint8(e, 126)
      }),
    ),
    // 20,000 deleted ranges, each over the same clocks
    updateMessage(
      message((e) => {
        writeUints(e, 0, 1, 4242, 20_000)
        for (let i = 0; i < 20_000; i++) {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, 2 ** 31)
        }
      }),
    ),
    // an item placed after itself, which Yjs fails on halfway through applying
    updateMessage(
      oneClient(2, (e, i) => {
        encoding.writeUint8(e, i === 0 ? 4 : 4 | 128)
        if (i === 0) {
          encoding.writeVarUint(e, 1)
          encoding.writeVarString(e, 'flood')
        } else {
          encoding.writeVarUint(e, 4242)
          encoding.writeVarUint(e, 5)
        }
        encoding.writeVarString(e, 'x')
      }),
    ),
    // a subdocument
    updateMessage(
      oneClient(1, (e) => {
        encoding.writeUint8(e, 9)
        encoding.writeVarUint(e, 1)
        encoding.writeVarString(e, 'docs')
        encoding.writeVarString(e, 'guid')
        encoding.writeUint8(e, 118)
        encoding.writeVarUint(e, 0)
      }),
    ),
  ]
  // every truncation of a real sync message: its declared length is no longer there
  for (const frame of syncFrames) {
    for (let end = 0; end < frame.length; end += 3) frames.push(frame.slice(0, end))
  }
  for (const update of valid.updates) {
    // a real update with a byte after its delete set, and one cut inside it
    frames.push(updateMessage(new Uint8Array([...update, 0])))
    frames.push(updateMessage(update.subarray(0, update.length - 1)))
  }
  return frames
}

/** A random change to a real frame: 1 to 4 bytes overwritten, or garbage of the same length. */
export function mutate(frame: Uint8Array, random: () => number): Uint8Array {
  const copy = frame.slice()
  if (random() < 0.1) {
    for (let i = 0; i < copy.length; i++) copy[i] = Math.floor(random() * 256)
    return copy
  }
  for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
    copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256)
  }
  return copy
}

/** A deterministic random source, so a failure can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}
