import { describe, expect, it } from 'vitest'
import { safeHref } from './links'
import { schema } from './schema'

describe('link addresses', () => {
  it('keeps web and mail addresses', () => {
    expect(safeHref('https://www.kiep.go.kr/x?y=1')).toBe('https://www.kiep.go.kr/x?y=1')
    expect(safeHref(' http://example.org ')).toBe('http://example.org/')
    expect(safeHref('mailto:desk@example.org')).toBe('mailto:desk@example.org')
    expect(safeHref('https://example.org/a b')).toBe('https://example.org/a%20b')
    expect(safeHref('HTTP://EXAMPLE.ORG')).toBe('http://example.org/')
  })

  it('refuses script, data and relative addresses', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/relative',
      'http://',
    ]) {
      expect(safeHref(href)).toBeNull()
    }
  })

  it('draws a link mark with an unsafe address as text without an href', () => {
    const link = schema.marks.link!
    const mark = link.create({ href: 'javascript:alert(1)' })
    const spec = link.spec.toDOM?.(mark, true) as [string, Record<string, unknown>]
    expect(spec[0]).toBe('a')
    expect(spec[1].href).toBeUndefined()
    const safe = link.create({ href: 'https://example.org/' })
    const drawn = link.spec.toDOM?.(safe, true) as [string, Record<string, unknown>]
    expect(drawn[1].href).toBe('https://example.org/')
  })
})
