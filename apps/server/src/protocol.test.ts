import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { wouldChange } from './protocol'

/** A server doc with some text, and a client that has synced it. */
function synced() {
  const server = new Y.Doc()
  server.getText('t').insert(0, 'hello world')
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  return { server, client }
}

/** The update a change on `client` makes. */
function change(client: Y.Doc, edit: () => void): Uint8Array {
  const vector = Y.encodeStateVector(client)
  edit()
  return Y.encodeStateAsUpdate(client, vector)
}

describe('wouldChange', () => {
  it('sees new items in an update that does not start at clock 0', () => {
    const { server, client } = synced()
    change(client, () => client.getText('t').insert(0, 'a'))
    const later = change(client, () => client.getText('t').insert(0, 'b'))
    expect(wouldChange(server, later)).toBe(true)
  })

  it('sees a deletion of stored text, and not one the server already has', () => {
    const { server, client } = synced()
    const deletion = change(client, () => client.getText('t').delete(0, 1))
    expect(wouldChange(server, deletion)).toBe(true)
    Y.applyUpdate(server, deletion)
    expect(wouldChange(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(
      false,
    )
  })

  it("ignores a deletion of items the server never had (a refused client's own)", () => {
    const { server, client } = synced()
    change(client, () => client.getText('t').insert(0, 'xyz'))
    const deletion = change(client, () => client.getText('t').delete(0, 3))
    const deletesOnly = Y.encodeStateAsUpdate(client, Y.encodeStateVector(client))
    expect(Y.decodeUpdate(deletion).ds.clients.size).toBe(1)
    expect(wouldChange(server, deletesOnly)).toBe(false)
  })
})
