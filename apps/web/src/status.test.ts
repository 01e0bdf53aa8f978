import { describe, expect, it } from 'vitest'
import { statusText, storageFailureOf } from './status'

describe('the status words', () => {
  it('says a write the server could not store is not saved, with the reason and the count', () => {
    expect(statusText('unsaved', 2, "the server's disk is full")).toBe(
      "Not saved · the server's disk is full · 2 changes not saved",
    )
    expect(statusText('unsaved', 1, 'the database is locked by another program')).toBe(
      'Not saved · the database is locked by another program · 1 change not saved',
    )
  })

  it('reads the reason from the server’s storage-failure close, and from no other close', () => {
    expect(
      storageFailureOf({ code: 1011, reason: "could not store: the server's disk is full" }),
    ).toBe("the server's disk is full")
    expect(storageFailureOf({ code: 1011, reason: 'the update could not be applied' })).toBeNull()
    expect(storageFailureOf({ code: 1001, reason: 'could not store: x' })).toBeNull()
    expect(storageFailureOf(null)).toBeNull()
  })
})
