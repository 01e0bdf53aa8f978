import { describe, expect, it } from 'vitest'
import { closeReason } from './connection'

describe('closeReason', () => {
  it('keeps a short reason as it is', () => {
    expect(closeReason("could not store: the server's disk is full")).toBe(
      "could not store: the server's disk is full",
    )
  })

  it('cuts a long reason to 120 characters', () => {
    expect(closeReason('x'.repeat(300))).toBe('x'.repeat(120))
  })

  it('cuts a reason of many-byte characters to the 123 bytes a close frame carries', () => {
    const reason = closeReason(`could not load: ${'é'.repeat(100)}`)
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123)
    expect(reason.startsWith('could not load: éé')).toBe(true)
    // Cut at a character boundary: nothing half-encoded at the end.
    expect(Buffer.from(reason).toString()).toBe(reason)
  })
})
