import { describe, expect, it } from 'vitest'
import { Storage } from './storage'
import { hasRole, mayOpen, Tokens } from './tokens'

describe('Tokens', () => {
  it('verifies a token it created and stores only its hash', () => {
    const storage = new Storage(':memory:')
    const tokens = new Tokens(storage)
    const token = tokens.create({ role: 'annotator', label: 'Ada', document: 'brief' })
    expect(tokens.verify(token)).toEqual({ role: 'annotator', label: 'Ada', document: 'brief' })
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
