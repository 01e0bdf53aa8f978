import { describe, expect, it } from 'vitest'
import { sourceTypeOf } from './importing'

describe('sourceTypeOf', () => {
  it('names the kind of a source by its media type, parameters and case aside', () => {
    expect(sourceTypeOf('text/markdown; charset=utf-8')).toBe('markdown')
    expect(sourceTypeOf('TEXT/HTML')).toBe('html')
    expect(sourceTypeOf('text/plain')).toBe('text')
    expect(sourceTypeOf('application/pdf')).toBe('pdf')
  })

  it('falls back on the file name when the media type says nothing', () => {
    expect(sourceTypeOf('application/octet-stream', 'Brief.PDF')).toBe('pdf')
    expect(sourceTypeOf(null, 'notes.md')).toBe('markdown')
    expect(sourceTypeOf('', 'page.htm')).toBe('html')
  })

  it('refuses a kind Warrant does not import', () => {
    expect(sourceTypeOf('application/msword', 'brief.doc')).toBeNull()
    expect(sourceTypeOf(null, 'no-extension')).toBeNull()
    expect(sourceTypeOf('image/png')).toBeNull()
  })
})
