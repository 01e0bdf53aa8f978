import { describe, expect, it } from 'vitest'
import { ConnectionCaps, type ConnectionLease, isRefusal } from './connection-caps'

function lease(result: ReturnType<ConnectionCaps['acquire']>): ConnectionLease {
  if (isRefusal(result)) throw new Error(`refused: ${result.message}`)
  return result
}

describe('connection caps per token', () => {
  it('refuses the connection beyond the cap and admits one again after a release', () => {
    const caps = new ConnectionCaps({ maxConnections: 3, maxDocuments: 10 })
    const leases = [1, 2, 3].map(() => lease(caps.acquire('share-a', 'brief')))
    const refused = caps.acquire('share-a', 'brief')
    expect(isRefusal(refused) && refused.refused).toBe('connections')
    expect(isRefusal(caps.acquire('share-b', 'brief'))).toBe(false)
    leases[0]!.release()
    expect(caps.connections('share-a')).toBe(2)
    expect(isRefusal(caps.acquire('share-a', 'brief'))).toBe(false)
  })

  it('counts a document once however many connections hold it, and refuses a new one beyond the cap', () => {
    const caps = new ConnectionCaps({ maxConnections: 10, maxDocuments: 2 })
    const content = lease(caps.acquire('share-a', 'brief'))
    lease(caps.acquire('share-a', 'brief'))
    lease(caps.acquire('share-a', 'other'))
    expect(caps.documents('share-a')).toBe(2)
    const third = caps.acquire('share-a', 'third')
    expect(isRefusal(third) && third.refused).toBe('documents')
    expect(isRefusal(caps.acquire('share-a', 'brief'))).toBe(false)
    content.release()
    expect(isRefusal(caps.acquire('share-a', 'third'))).toBe(true)
  })

  it('frees a document when its last connection closes, and ignores a second release', () => {
    const caps = new ConnectionCaps({ maxConnections: 10, maxDocuments: 1 })
    const first = lease(caps.acquire('share-a', 'brief'))
    first.release()
    first.release()
    expect(caps.connections('share-a')).toBe(0)
    expect(caps.documents('share-a')).toBe(0)
    const other = lease(caps.acquire('share-a', 'other'))
    expect(isRefusal(caps.acquire('share-a', 'brief'))).toBe(true)
    other.release()
    expect(isRefusal(caps.acquire('share-a', 'brief'))).toBe(false)
  })

  it('has no cap where the option is 0', () => {
    const caps = new ConnectionCaps({ maxConnections: 0, maxDocuments: 0 })
    for (let i = 0; i < 500; i++) expect(isRefusal(caps.acquire('share-a', `doc-${i}`))).toBe(false)
    expect(caps.connections('share-a')).toBe(500)
  })
})
