/**
 * Which parts of a reader's text become links: only http(s) addresses, cut clean of the
 * sentence around them; every other scheme stays text.
 */
import { describe, expect, it } from 'vitest'
import { linkSegments } from './linkify'

describe('linkSegments', () => {
  it('keeps text without an address as one text segment', () => {
    expect(linkSegments('Which year is this?')).toEqual([
      { type: 'text', text: 'Which year is this?' },
    ])
  })

  it('makes an https address a link between the text around it', () => {
    expect(linkSegments('See https://example.org/report?id=4#p6 for the figure')).toEqual([
      { type: 'text', text: 'See ' },
      {
        type: 'link',
        text: 'https://example.org/report?id=4#p6',
        href: 'https://example.org/report?id=4#p6',
      },
      { type: 'text', text: ' for the figure' },
    ])
  })

  it('leaves the full stop or comma that ends a sentence out of the link', () => {
    expect(linkSegments('Source: http://kiep.go.kr/brief.')).toEqual([
      { type: 'text', text: 'Source: ' },
      { type: 'link', text: 'http://kiep.go.kr/brief', href: 'http://kiep.go.kr/brief' },
      { type: 'text', text: '.' },
    ])
  })

  it('keeps a closing parenthesis that belongs to the address, not one that closes the sentence', () => {
    const wiki = 'https://en.wikipedia.org/wiki/Sanctions_(law)'
    expect(linkSegments(`(see ${wiki})`)).toEqual([
      { type: 'text', text: '(see ' },
      { type: 'link', text: wiki, href: wiki },
      { type: 'text', text: ')' },
    ])
  })

  it('finds several links in one comment', () => {
    const links = linkSegments('a https://a.example b http://b.example/x c').filter(
      (segment) => segment.type === 'link',
    )
    expect(links.map((link) => link.text)).toEqual(['https://a.example', 'http://b.example/x'])
  })

  it('keeps javascript:, data: and vbscript: addresses as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'click javascript:window.__xss=1 now',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'JaVaScRiPt:alert(document.cookie)',
    ]) {
      expect(linkSegments(text)).toEqual([{ type: 'text', text }])
    }
  })

  it('never links markup, only the http address inside it', () => {
    const segments = linkSegments(
      '<a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)>',
    )
    expect(segments.every((segment) => segment.type === 'text')).toBe(true)
    const quoted = linkSegments('<a href="https://example.org/">x</a>')
    expect(quoted).toEqual([
      { type: 'text', text: '<a href="' },
      { type: 'link', text: 'https://example.org/', href: 'https://example.org/' },
      { type: 'text', text: '">x</a>' },
    ])
  })

  it('keeps a bare scheme without a host as text', () => {
    expect(linkSegments('http:// is not an address')).toEqual([
      { type: 'text', text: 'http:// is not an address' },
    ])
  })

  it('joins the segments back into the text it was given', () => {
    const text = 'one https://x.example/a, two (http://y.example/b) three javascript:void(0)'
    expect(
      linkSegments(text)
        .map((segment) => segment.text)
        .join(''),
    ).toBe(text)
  })
})
