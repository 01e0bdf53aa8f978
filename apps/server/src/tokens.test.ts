import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { Storage } from './storage'
import { hasRole, mayOpen, Tokens } from './tokens'

describe('Tokens', () => {
  it('verifies a token it created and stores only its hash', () => {
    const storage = new Storage(':memory:')
    const tokens = new Tokens(storage)
    const token = tokens.create({ role: 'annotator', label: 'Ada', document: 'brief' })
    expect(tokens.verify(token)).toEqual({
      role: 'annotator',
      label: 'Ada',
      document: 'brief',
      share: expect.stringMatching(/^[\w-]{12}$/),
      session: null,
      expires: null,
    })
    const stored = JSON.stringify(storage.db.prepare('SELECT * FROM tokens').all())
    expect(stored).not.toContain(token)
  })

  it('refuses unknown, empty and expired tokens', () => {
    const tokens = new Tokens(new Storage(':memory:'))
    const token = tokens.create({
      role: 'viewer',
      label: 'Bo',
      document: null,
      expires: '2030-01-01T00:00:00Z',
    })
    expect(tokens.verify('nope')).toBeNull()
    expect(tokens.verify('')).toBeNull()
    expect(tokens.verify(null)).toBeNull()
    expect(tokens.verify(token, new Date('2029-12-31T00:00:00Z'))).not.toBeNull()
    expect(tokens.verify(token, new Date('2030-01-02T00:00:00Z'))).toBeNull()
  })

  it('orders roles from viewer to owner and scopes documents', () => {
    expect(hasRole('owner', 'editor')).toBe(true)
    expect(hasRole('annotator', 'editor')).toBe(false)
    expect(hasRole('viewer', 'viewer')).toBe(true)
    expect(mayOpen({ role: 'viewer', label: '', document: null }, 'any')).toBe(true)
    expect(mayOpen({ role: 'viewer', label: '', document: 'a' }, 'b')).toBe(false)
  })
})

describe('Tokens as shares', () => {
  it('lists the shares that open a document, its own and the all-document ones, without secrets', () => {
    const storage = new Storage(':memory:')
    const tokens = new Tokens(storage)
    const everything = tokens.issue({ role: 'owner', label: 'Owner', document: null })
    const brief = tokens.issue({
      role: 'viewer',
      label: 'Bo',
      document: 'brief',
      expires: '2030-01-01T00:00:00.000Z',
    })
    tokens.issue({ role: 'editor', label: 'Eda', document: 'other' })
    tokens.create({ role: 'owner', label: 'command line', document: null, commandLine: true })
    const listed = tokens.list('brief')
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
    expect(tokens.list(null).map((share) => share.label)).toEqual(['Owner', 'Bo', 'Eda'])
    expect(tokens.verify(everything.token)?.share).toBe(everything.share.id)
  })

  it('revokes a share by its id at once, but never the command line token', () => {
    const tokens = new Tokens(new Storage(':memory:'))
    const { token, share } = tokens.issue({ role: 'annotator', label: 'Ada', document: null })
    const commandLine = tokens.create({
      role: 'owner',
      label: 'command line',
      document: null,
      commandLine: true,
    })
    const hidden = tokens.verify(commandLine)!.share
    expect(tokens.find(hidden)).toBeNull()
    expect(tokens.revokeById(hidden)).toBeNull()
    expect(tokens.verify(commandLine)).not.toBeNull()
    expect(tokens.revokeById(share.id)).toEqual(share)
    expect(tokens.verify(token)).toBeNull()
    expect(tokens.revokeById(share.id)).toBeNull()
  })

  it('gives the tokens of a database from before share ids an id, and hides its command line token', () => {
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
    const tokens = new Tokens(new Storage(file))
    const [owner, ...rest] = tokens.list(null)
    expect(rest).toEqual([])
    expect(owner).toMatchObject({
      role: 'owner',
      label: 'owner',
      id: expect.stringMatching(/^[\w-]{12}$/),
    })
    expect(new Tokens(new Storage(file)).list(null)).toEqual([owner])
  })
})

describe('Tokens as sessions', () => {
  it("opens a reader's session with the link's rights under the reader's own name", () => {
    const tokens = new Tokens(new Storage(':memory:'))
    const link = tokens.issue({
      role: 'annotator',
      label: 'Team',
      document: 'brief',
      expires: '2030-01-01T00:00:00.000Z',
    })
    const { token } = tokens.openSession(tokens.verify(link.token)!, 'Ada')
    expect(tokens.verify(token)).toEqual({
      role: 'annotator',
      label: 'Ada',
      document: 'brief',
      share: link.share.id,
      session: expect.stringMatching(/^[\w-]{12}$/),
      expires: '2030-01-01T00:00:00.000Z',
    })
    expect(tokens.verify(token, new Date('2030-01-02T00:00:00Z'))).toBeNull()
    expect(tokens.list('brief').map((share) => share.label)).toEqual(['Team'])
  })

  it('renames a session without renaming the link or the other sessions', () => {
    const tokens = new Tokens(new Storage(':memory:'))
    const link = tokens.issue({ role: 'viewer', label: 'Team', document: null })
    const access = tokens.verify(link.token)!
    const ada = tokens.openSession(access, 'Reader 1').token
    const bo = tokens.openSession(access, 'Reader 2').token
    tokens.rename(tokens.verify(ada)!, 'Ada')
    expect(tokens.verify(ada)!.label).toBe('Ada')
    expect(tokens.verify(bo)!.label).toBe('Reader 2')
    expect(tokens.verify(link.token)!.label).toBe('Team')
  })

  it('ends every session opened with a link when the link is revoked', () => {
    const tokens = new Tokens(new Storage(':memory:'))
    const link = tokens.issue({ role: 'editor', label: 'Team', document: null })
    const other = tokens.issue({ role: 'editor', label: 'Others', document: null })
    const session = tokens.openSession(tokens.verify(link.token)!, 'Ada').token
    const kept = tokens.openSession(tokens.verify(other.token)!, 'Bo').token
    tokens.revokeById(link.share.id)
    expect(tokens.verify(session)).toBeNull()
    expect(tokens.verify(kept)).not.toBeNull()
  })
})
