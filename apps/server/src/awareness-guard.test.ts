import { describe, expect, it } from 'vitest'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  type AwarenessBinding,
  admitAwareness,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
} from './awareness-guard'

const ada = { name: 'Ada', role: 'annotator' }

function binding(): AwarenessBinding {
  return { client: null, user: { ...ada } }
}

describe('the awareness guard', () => {
  it('reads and writes awareness updates as y-protocols encodes them', () => {
    const awareness = new Awareness(new Y.Doc())
    awareness.setLocalState({ user: { name: 'Ada', color: '#123456' }, cursor: null })
    const update = encodeAwarenessUpdate(awareness, [awareness.clientID])
    const entries = decodeAwarenessEntries(update)
    expect(entries).toEqual([
      {
        client: awareness.clientID,
        clock: 1,
        state: { user: { name: 'Ada', color: '#123456' }, cursor: null },
      },
    ])
    expect(encodeAwarenessEntries(entries)).toEqual(update)
  })

  it('binds a connection to the client id of its first state and drops every other id', () => {
    const bound = binding()
    const first = admitAwareness(bound, [{ client: 7, clock: 1, state: {} }], () => true)
    expect(first).toEqual([{ client: 7, clock: 1, state: { user: ada } }])
    const spoofed = admitAwareness(
      bound,
      [
        { client: 8, clock: 1, state: { user: { name: 'Bo' } } },
        { client: 9, clock: 4, state: null },
        { client: 7, clock: 2, state: { cursor: 3 } },
      ],
      () => true,
    )
    expect(spoofed).toEqual([{ client: 7, clock: 2, state: { cursor: 3, user: ada } }])
  })

  it("writes the token's name and role over the client's, keeping its other user fields", () => {
    const admitted = admitAwareness(
      binding(),
      [{ client: 1, clock: 1, state: { user: { name: 'Owner', role: 'owner', color: '#abc' } } }],
      () => true,
    )
    expect(admitted[0]!.state).toEqual({
      user: { name: 'Ada', role: 'annotator', color: '#abc' },
    })
  })

  it('does not bind to a null state, nor to an id another reader holds', () => {
    const bound = binding()
    expect(admitAwareness(bound, [{ client: 5, clock: 9, state: null }], () => true)).toEqual([])
    expect(admitAwareness(bound, [{ client: 5, clock: 9, state: {} }], (id) => id !== 5)).toEqual(
      [],
    )
    expect(bound.client).toBeNull()
  })

  it('lets a connection publish its own leaving, and refuses states that are not objects', () => {
    const bound = binding()
    admitAwareness(bound, [{ client: 3, clock: 1, state: {} }], () => true)
    expect(admitAwareness(bound, [{ client: 3, clock: 2, state: 'hi' }], () => true)).toEqual([])
    expect(admitAwareness(bound, [{ client: 3, clock: 3, state: null }], () => true)).toEqual([
      { client: 3, clock: 3, state: null },
    ])
  })
})
