import { describe, expect, it } from 'vitest'
import { versionId } from './version'

describe('versionId', () => {
  it("is 'v' and the first 16 hex characters of sha256 of the text", () => {
    // sha256('') = e3b0c442 98fc1c14 ...; sha256('abc') = ba7816bf 8f01cfea ...
    expect(versionId('')).toBe('ve3b0c44298fc1c14')
    expect(versionId('abc')).toBe('vba7816bf8f01cfea')
  })

  it('hashes the text as UTF-8', () => {
    // sha256 of the UTF-8 bytes of 'é' (c3 a9)
    expect(versionId('é')).toBe('v4a99557e4033c353')
  })

  it('changes whenever the text changes', () => {
    expect(versionId('exports fell by 86.3 percent')).not.toBe(
      versionId('exports fell by 86.4 percent'),
    )
  })
})
