import { readFileSync } from 'node:fs'
import { parseHTML } from 'linkedom'
import { DOMSerializer, type Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { briefHtml } from '../scripts/make-brief-html'
import { parseHtml } from './html'
import { refusal } from './importing.testkit'
import { parseMarkdown } from './markdown'
import { schema } from './schema'
import { textMap } from './text'

const markdownSource = readFileSync(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
  'utf8',
)
const fixture = readFileSync(new URL('../fixtures/brief.html', import.meta.url))
const started = performance.now()
const imported = parseHtml(fixture)
console.log(
  `brief.html (${fixture.byteLength} bytes) imported in ${(performance.now() - started).toFixed(0)} ms`,
)

/** The textblocks of a document: heading level (null for a paragraph) and canonical text. */
function blocksOf(doc: Node): Array<[number | null, string]> {
  const { text, blocks } = textMap(doc)
  return blocks.map((block) => [block.heading, text.slice(block.start, block.end)])
}

/** The document rendered back to HTML by the schema, as the editor would show it. */
function rendered(doc: Node): Document {
  const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>')
  const fragment = DOMSerializer.fromSchema(schema).serializeFragment(doc.content, { document })
  document.body.append(fragment)
  return document
}

describe('parseHtml of the brief as a web page', () => {
  it('gives the same headings and paragraphs as the Markdown brief', () => {
    const expected = blocksOf(parseMarkdown(markdownSource).doc)
    expect(expected.length).toBeGreaterThan(20)
    expect(blocksOf(imported.doc)).toEqual(expected)
  })

  it('keeps none of the navigation, site header, sidebar, footer, script, style or noscript text', () => {
    const { text } = textMap(imported.doc)
    expect(text).not.toMatch(/LEAK/)
    for (const furniture of [
      'Policy Briefs',
      'About KIEP',
      'Related briefs',
      'All rights reserved',
    ]) {
      expect(text).not.toContain(furniture)
    }
    expect(text).not.toContain('window.__xss')
    expect(text).not.toContain('font-family')
  })

  it('renders back with nothing executable: no script, no event attribute, no javascript: link', () => {
    const page = rendered(imported.doc)
    expect(page.querySelectorAll('script, style, noscript, iframe, form, img, nav')).toHaveLength(0)
    const attributes = Array.from(page.querySelectorAll('*')).flatMap((e) => e.getAttributeNames())
    expect(attributes.filter((name) => /^on/i.test(name))).toEqual([])
    expect(new Set(attributes)).toEqual(new Set(['href', 'title', 'rel']))
    const hrefs = Array.from(page.querySelectorAll('a')).map((a) => a.getAttribute('href'))
    expect(hrefs).toEqual(['https://undocs.org/S/RES/2397(2017)'])
    expect(page.body.innerHTML).not.toMatch(/javascript:|__xss/i)
  })

  it('keeps the text of a javascript: link without the link, and keeps emphasis', () => {
    const page = rendered(imported.doc)
    expect(page.body.textContent).toContain('the UN Security Council changed the sanctions')
    expect(page.querySelector('em')?.textContent).toBe('self-sanctioning')
  })

  it('reads the record from the citation meta tags', () => {
    expect(imported.record).toEqual({
      type: 'report',
      title: "North Korea's Foreign Relations in the Second Half of 2024 to Cope with Crisis",
      author: [{ family: 'Choi', given: 'Jangho' }],
      issued: { 'date-parts': [[2024]] },
      publisher: 'Korea Institute for International Economic Policy',
      URL: 'https://www.kiep.go.kr/briefs/north-korea-foreign-relations-2024',
      abstract: expect.stringContaining('UN sanctions'),
      language: 'en',
    })
  })

  it('is the page the fixture script makes from the Markdown brief', () => {
    expect(fixture.toString('utf8')).toBe(briefHtml(markdownSource))
  })
})

describe('parseHtml', () => {
  it('puts back the title heading Readability takes out, and headings at their own level', () => {
    const page = fixture
      .toString('utf8')
      .replace('<article class="brief">\n<h1>', '<h1 class="entry-title">')
      .replace('Crisis</h1>', 'Crisis</h1><article class="brief">')
      .replace('<p>However, relations between', '<h2>China</h2><p>However, relations between')
      .replace('<p>Tensions also', '<h3>Russia</h3><p>Tensions also')
    const headings = blocksOf(parseHtml(page).doc).filter(([level]) => level !== null)
    expect(headings).toEqual([
      [1, "North Korea's Foreign Relations in the Second Half of 2024 to Cope with Crisis"],
      [2, 'China'],
      [3, 'Russia'],
    ])
  })

  it('reads a fragment whole: lists, quotes, code lines, links resolved against the base', () => {
    const { doc, record } = parseHtml(
      '<h2>Notes</h2><p>See <a href="/report">the report</a> and <a href="javascript:alert(1)">this</a>.</p>' +
        '<ul><li>one</li><li><em>two</em></li></ul><blockquote><p>A quote.</p></blockquote>' +
        '<pre>a = 1\n  b = 2\n</pre><p onclick="alert(1)"></p>',
      { baseUrl: 'https://example.org/briefs/' },
    )
    expect(blocksOf(doc)).toEqual([
      [2, 'Notes'],
      [null, 'See the report and this.'],
      [null, 'one'],
      [null, 'two'],
      [null, 'A quote.'],
      [null, 'a = 1   b = 2'],
    ])
    expect(doc.child(2).type.name).toBe('bullet_list')
    expect(doc.child(3).type.name).toBe('blockquote')
    const links = rendered(doc).querySelectorAll('a')
    expect(Array.from(links).map((a) => a.getAttribute('href'))).toEqual([
      'https://example.org/report',
    ])
    expect(record).toEqual({ type: 'webpage', title: 'Notes', URL: 'https://example.org/briefs/' })
  })

  it('falls back on Open Graph and plain HTML metadata', () => {
    const { record } = parseHtml(
      `<!DOCTYPE html><html><head><title>A post | Blog</title>
      <meta property="og:title" content="A post"><meta name="author" content="Kim, Ana; Lee, Bo">
      <meta property="article:published_time" content="2023-11-05T08:00:00Z">
      <meta property="og:site_name" content="Blog"><meta name="description" content="About it.">
      <link rel="canonical" href="/posts/a"></head>
      <body><main><p>Text of the post.</p></main></body></html>`,
      {
        baseUrl: 'https://blog.example/posts/a?ref=feed',
      },
    )
    expect(record).toEqual({
      type: 'webpage',
      title: 'A post',
      author: [
        { family: 'Kim', given: 'Ana' },
        { family: 'Lee', given: 'Bo' },
      ],
      issued: { 'date-parts': [[2023, 11, 5]] },
      publisher: 'Blog',
      URL: 'https://blog.example/posts/a',
      abstract: 'About it.',
    })
  })

  it('decodes the charset the page declares', () => {
    const latin1 = Uint8Array.from(
      [...'<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9</p></body></html>'].map(
        (c) => c.charCodeAt(0),
      ),
    )
    expect(textMap(parseHtml(latin1).doc).text).toBe('Caf\u00e9')
  })

  it('refuses a page with nothing but furniture and scripts as empty', async () => {
    const error = await refusal(() =>
      parseHtml(
        '<html><body><nav>Home</nav><script>x()</script><footer>(c)</footer></body></html>',
      ),
    )
    expect(error.code).toBe('empty')
  })

  it('refuses a binary file as corrupt', async () => {
    expect((await refusal(() => parseHtml(new Uint8Array([0x3c, 0x70, 0x3e, 0, 0, 1])))).code).toBe(
      'corrupt',
    )
  })
})
