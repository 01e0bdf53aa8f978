import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SqliteTokenStore } from './sqlite-token-store'
import { Storage } from './storage'
import { hasRole, mayOpen, Tokens } from './tokens'

describe('Tokens', () => {
  it('verifies a token it created and stores only its hash', async () => {
    const storage = new Storage(':memory:')
    const tokens = new Tokens(new SqliteTokenStore(storage))
    const token = await tokens.create({ role: 'annotator', label: 'Ada', document: 'brief' })
    expect(await tokens.verify(token)).toEqual({
      role: 'annotator',
      label: 'Ada',
      document: 'brief',
      share: expect.stringMatching(/^[\w-]{12}$/),
      session: null,
      expires: null,
      commandLine: false,
    })
    const stored = JSON.stringify(storage.db.prepare('SELECT * FROM tokens').all())
    expect(stored).not.toContain(token)
  })

  it('refuses unknown, empty and expired tokens', async () => {
    const tokens = new Tokens(new SqliteTokenStore(new Storage(':memory:')))
    const token = await tokens.create({
      role: 'viewer',
      label: 'Bo',
      document: null,
      expires: '2030-01-01T00:00:00Z',
    })
    expect(await tokens.verify('nope')).toBeNull()
    expect(await tokens.verify('')).toBeNull()
    expect(await tokens.verify(null)).toBeNull()
    expect(await tokens.verify(token, new Date('2029-12-31T00:00:00Z'))).not.toBeNull()
    expect(await tokens.verify(token, new Date('2030-01-02T00:00:00Z'))).toBeNull()
  })

  it('orders roles from viewer to owner and scopes documents', async () => {
    expect(hasRole('owner', 'editor')).toBe(true)
    expect(hasRole('annotator', 'editor')).toBe(false)
    expect(hasRole('viewer', 'viewer')).toBe(true)
    expect(mayOpen({ role: 'viewer', label: '', document: null }, 'any')).toBe(true)
    expect(mayOpen({ role: 'viewer', label: '', document: 'a' }, 'b')).toBe(false)
  })
})

describe('Tokens as shares', () => {
  it('lists the shares that open a document, its own and the all-document ones, without secrets', async () => {
    const storage = new Storage(':memory:')
    const tokens = new Tokens(new SqliteTokenStore(storage))
    const everything = await tokens.issue({ role: 'owner', label: 'Owner', document: null })
    const brief = await tokens.issue({
      role: 'viewer',
      label: 'Bo',
      document: 'brief',
      expires: '2030-01-01T00:00:00.000Z',
    })
    await tokens.issue({ role: 'editor', label: 'Eda', document: 'other' })
    await tokens.create({ role: 'owner', label: 'command line', document: null, commandLine: true })
    const listed = await tokens.list('brief')
    expect(listed.map((share) => share.label)).toEqual(['Owner', 'Bo'])
    expect(listed[1]).toEqual({
      id: brief.share.id,
      role: 'viewer',
      label: 'Bo',
      document: 'brief',
      expires: '2030-01-01T00:00:00.000Z',
      created: expect.any(String),
    })
    expect(JSON.stringify(listed)).not.toContain(brief.token)
    expect((await tokens.list(null)).map((share) => share.label)).toEqual(['Owner', 'Bo', 'Eda'])
    expect((await tokens.verify(everything.token))?.share).toBe(everything.share.id)
  })

  it('revokes a share by its id at once, but never the command line token', async () => {
    const tokens = new Tokens(new SqliteTokenStore(new Storage(':memory:')))
    const { token, share } = await tokens.issue({ role: 'annotator', label: 'Ada', document: null })
    const commandLine = await tokens.create({
      role: 'owner',
      label: 'command line',
      document: null,
      commandLine: true,
    })
    const hidden = (await tokens.verify(commandLine))!.share
    expect(await tokens.find(hidden)).toBeNull()
    expect(await tokens.revokeById(hidden)).toBeNull()
    expect(await tokens.verify(commandLine)).not.toBeNull()
    expect(await tokens.revokeById(share.id)).toEqual(share)
    expect(await tokens.verify(token)).toBeNull()
    expect(await tokens.revokeById(share.id)).toBeNull()
  })

  it('gives the tokens of a database from before share ids an id, and hides its command line token', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'warrant-tokens-')), 'warrant.sqlite')
    const old = new Database(file)
    old.exec(
      'CREATE TABLE tokens (hash TEXT PRIMARY KEY, role TEXT NOT NULL, label TEXT NOT NULL, ' +
        'document TEXT, expires TEXT, created TEXT NOT NULL)',
    )
    const insert = old.prepare('INSERT INTO tokens VALUES (?, ?, ?, NULL, NULL, ?)')
    insert.run('a'.repeat(64), 'owner', 'owner', '2024-01-01T00:00:00.000Z')
    insert.run('b'.repeat(64), 'owner', 'command line', '2024-01-02T00:00:00.000Z')
    old.close()
    const tokens = new Tokens(new SqliteTokenStore(new Storage(file)))
    const [owner, ...rest] = await tokens.list(null)
    expect(rest).toEqual([])
    expect(owner).toMatchObject({
      role: 'owner',
      label: 'owner',
      id: expect.stringMatching(/^[\w-]{12}$/),
    })
    expect(await new Tokens(new SqliteTokenStore(new Storage(file))).list(null)).toEqual([owner])
  })
})

describe('Tokens as sessions', () => {
  it("opens a reader's session with the link's rights under the reader's own name", async () => {
    const tokens = new Tokens(new SqliteTokenStore(new Storage(':memory:')))
    const link = await tokens.issue({
      role: 'annotator',
      label: 'Team',
      document: 'brief',
      expires: '2030-01-01T00:00:00.000Z',
    })
    const { token } = (await tokens.openSession((await tokens.verify(link.token))!, 'Ada'))!
    expect(await tokens.verify(token)).toEqual({
      role: 'annotator',
      label: 'Ada',
      document: 'brief',
      share: link.share.id,
      session: expect.stringMatching(/^[\w-]{12}$/),
      expires: '2030-01-01T00:00:00.000Z',
      commandLine: false,
    })
    expect(await tokens.verify(token, new Date('2030-01-02T00:00:00Z'))).toBeNull()
    expect((await tokens.list('brief')).map((share) => share.label)).toEqual(['Team'])
  })

  it('renames a session without renaming the link or the other sessions', async () => {
    const tokens = new Tokens(new SqliteTokenStore(new Storage(':memory:')))
    const link = await tokens.issue({ role: 'viewer', label: 'Team', document: null })
    const access = (await tokens.verify(link.token))!
    const ada = (await tokens.openSession(access, 'Reader 1'))!.token
    const bo = (await tokens.openSession(access, 'Reader 2'))!.token
    await tokens.rename((await tokens.verify(ada))!, 'Ada')
    expect((await tokens.verify(ada))!.label).toBe('Ada')
    expect((await tokens.verify(bo))!.label).toBe('Reader 2')
    expect((await tokens.verify(link.token))!.label).toBe('Team')
  })

  it('ends every session opened with a link when the link is revoked', async () => {
    const tokens = new Tokens(new SqliteTokenStore(new Storage(':memory:')))
    const link = await tokens.issue({ role: 'editor', label: 'Team', document: null })
    const other = await tokens.issue({ role: 'editor', label: 'Others', document: null })
    const session = (await tokens.openSession((await tokens.verify(link.token))!, 'Ada'))!.token
    const kept = (await tokens.openSession((await tokens.verify(other.token))!, 'Bo'))!.token
    await tokens.revokeById(link.share.id)
    expect(await tokens.verify(session)).toBeNull()
    expect(await tokens.verify(kept)).not.toBeNull()
  })
})
