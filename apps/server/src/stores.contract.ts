/**
 * The specification the document, token, audit and meta stores meet, run against SQLite and
 * PostgreSQL by their own test files. Each test opens two `Stores` on the same data, as two
 * server instances would, and reads through one what the other wrote.
 */
import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Audit } from './audit'
import type { Stores } from './stores'
import { Tokens } from './tokens'

/** What a test file provides to the shared specification. */
export interface StoresFixture {
  /** Opens the stores on the same data, as another server instance would. */
  open(): Promise<Stores>
  /** Makes the database refuse every snapshot written for `room` (a trigger raising). */
  refuseSnapshot(room: string): Promise<void>
}

/** A document's record and its rooms' first states. */
function newDocument(id: string) {
  const content = new Y.Doc()
  content.getText('t').insert(0, `text of ${id}`)
  return {
    id,
    record: { id, type: 'report', title: `Title of ${id}` },
    snapshots: [
      { room: `${id}.content`, state: Y.encodeStateAsUpdate(content) },
      { room: `${id}.annotations`, state: Y.encodeStateAsUpdate(new Y.Doc()) },
    ],
  }
}

/** Registers the specification of `name`'s stores. */
export function storesContract(name: string, fixture: StoresFixture): void {
  const opened: Stores[] = []
  const open = async () => {
    const stores = await fixture.open()
    opened.push(stores)
    return stores
  }
  afterEach(async () => {
    for (const stores of opened.splice(0)) await stores.close()
  })
  const unique = (prefix: string) => `${prefix}-${name}-${Math.random().toString(36).slice(2, 8)}`

  it('creates a document with its rooms’ snapshots, which the other instance reads at once', async () => {
    const [one, two] = [await open(), await open()]
    const document = newDocument(unique('created'))
    expect(await one.documents.create(document)).toBe(true)
    const stored = await two.documents.get(document.id)
    expect(stored).toMatchObject({ id: document.id, record: document.record })
    expect((await two.documents.list()).map((d) => d.id)).toContain(document.id)
    const loaded = await two.rooms.loadRoom(`${document.id}.content`)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, loaded.snapshot!)
    expect(doc.getText('t').toString()).toBe(`text of ${document.id}`)
  })

  it('refuses a second document with an id already taken, leaving the first as it was', async () => {
    const [one, two] = [await open(), await open()]
    const document = newDocument(unique('taken'))
    expect(await one.documents.create(document)).toBe(true)
    const again = { ...document, record: { ...document.record, title: 'Another' } }
    expect(await two.documents.create(again)).toBe(false)
    expect((await one.documents.get(document.id))?.record.title).toBe(document.record.title)
  })

  it('creates a document once when two instances create its id at the same moment', async () => {
    const [one, two] = [await open(), await open()]
    const document = newDocument(unique('race'))
    const created = await Promise.all([
      one.documents.create(document),
      two.documents.create(document),
    ])
    expect(created.filter(Boolean)).toHaveLength(1)
  })

  it('creates a document all or nothing: a snapshot the database refuses leaves no document', async () => {
    const stores = await open()
    const document = newDocument(unique('refused'))
    await fixture.refuseSnapshot(`${document.id}.annotations`)
    await expect(stores.documents.create(document)).rejects.toThrow(/refused by the test/)
    expect(await stores.documents.get(document.id)).toBeNull()
    expect((await stores.rooms.loadRoom(`${document.id}.content`)).snapshot).toBeNull()
  })

  it('replaces a document’s record, seen by the other instance; an unknown id is no update', async () => {
    const [one, two] = [await open(), await open()]
    const document = newDocument(unique('record'))
    await one.documents.create(document)
    const record = { ...document.record, title: 'Retitled' }
    expect(await one.documents.updateRecord(document.id, record)).toBe(true)
    expect((await two.documents.get(document.id))?.record).toEqual(record)
    expect(await one.documents.updateRecord(unique('missing'), record)).toBe(false)
  })

  it('verifies on one instance a token made on the other, and lists its share there', async () => {
    const [one, two] = [new Tokens((await open()).tokens), new Tokens((await open()).tokens)]
    const document = unique('doc')
    const { token, share } = await one.issue({ role: 'editor', label: 'Eda', document })
    expect(await two.verify(token)).toMatchObject({ role: 'editor', label: 'Eda', share: share.id })
    expect(await two.list(document)).toEqual([share])
    expect(await two.find(share.id)).toEqual(share)
  })

  it('makes a share revoked on one instance, and its sessions, invalid on the other at once', async () => {
    const [one, two] = [new Tokens((await open()).tokens), new Tokens((await open()).tokens)]
    const { token, share } = await one.issue({ role: 'viewer', label: 'Team', document: null })
    const session = await two.openSession((await two.verify(token))!, 'Ada')
    expect(await one.verify(session!.token)).toMatchObject({ label: 'Ada', share: share.id })
    expect(await one.revokeById(share.id)).toEqual(share)
    expect(await two.verify(token)).toBeNull()
    expect(await two.verify(session!.token)).toBeNull()
    expect(await two.revokeById(share.id)).toBeNull()
  })

  it('refuses a session for a share revoked after its token was checked', async () => {
    const tokens = new Tokens((await open()).tokens)
    const { token, share } = await tokens.issue({ role: 'viewer', label: 'Team', document: null })
    const access = (await tokens.verify(token))!
    await tokens.revokeById(share.id)
    expect(await tokens.openSession(access, 'Ada')).toBeNull()
  })

  it('tells the command line’s token apart, and never lists it as a share', async () => {
    const tokens = new Tokens((await open()).tokens)
    const document = unique('cli')
    const token = await tokens.create({
      role: 'owner',
      label: 'command line',
      document,
      commandLine: true,
    })
    const access = (await tokens.verify(token))!
    expect(access.commandLine).toBe(true)
    expect(await tokens.list(document)).toEqual([])
    expect(await tokens.revoke(token)).toBe(true)
    expect(await tokens.verify(token)).toBeNull()
  })

  it('lists on one instance the audit entries the other recorded, amended, newest first', async () => {
    const [one, two] = [new Audit((await open()).audit), new Audit((await open()).audit)]
    const document = unique('audited')
    const actor = { actor: 'Ada', share: 'share-ada', channel: 'sync' } as const
    const first = one.record({ ...actor, document, action: 'text.edit', detail: { updates: 1 } })
    one.record({ ...actor, document, action: 'annotation.create', target: 'a1' })
    one.amend(first, { updates: 3 })
    await one.settled()
    const page = await two.list({ document })
    expect(page.entries.map((e) => [e.action, e.detail])).toEqual([
      ['annotation.create', null],
      ['text.edit', { updates: 3 }],
    ])
    const next = await two.list({ document, limit: 1 })
    expect(next.next).toBe(page.entries[0]!.id)
  })

  it('shares meta values between instances, the last set winning', async () => {
    const [one, two] = [await open(), await open()]
    const key = unique('key')
    expect(await two.meta.get(key)).toBeNull()
    await one.meta.set(key, 'first')
    await two.meta.set(key, 'second')
    expect(await one.meta.get(key)).toBe('second')
  })
}
