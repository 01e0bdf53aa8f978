import { describe, expect, it } from 'vitest'
import { parseMarkdown } from './markdown'
import { textMap } from './text'

const textOf = (source: string) => textMap(parseMarkdown(source).doc).text
const typesOf = (source: string) =>
  parseMarkdown(source).doc.content.content.map((node) => node.type.name)

describe('front matter', () => {
  it('takes CSL-JSON fields as given', () => {
    const { record } = parseMarkdown(
      [
        '---',
        'id: a-brief',
        'type: report',
        'title: "A: Title"',
        'author: [{family: Choi, given: Jangho}]',
        'publisher: KIEP',
        'issued: {date-parts: [[2024]]}',
        'URL: https://www.kiep.go.kr',
        'genre: Policy brief',
        'number: 7',
        '---',
        'Body.',
      ].join('\n'),
    )
    expect(record).toEqual({
      id: 'a-brief',
      type: 'report',
      title: 'A: Title',
      author: [{ family: 'Choi', given: 'Jangho' }],
      publisher: 'KIEP',
      issued: { 'date-parts': [[2024]] },
      URL: 'https://www.kiep.go.kr',
      genre: 'Policy brief',
      number: 7,
    })
  })

  it("reads names written as 'Family, Given' or as a literal", () => {
    const { record } = parseMarkdown('---\nauthor: ["Choi, Jangho", KIEP]\neditor: "Kim, A"\n---\n')
    expect(record.author).toEqual([{ family: 'Choi', given: 'Jangho' }, { literal: 'KIEP' }])
    expect(record.editor).toEqual([{ family: 'Kim', given: 'A' }])
  })

  it('reads dates written as a year or an ISO date into date-parts', () => {
    const { record } = parseMarkdown('---\nissued: 2024\naccessed: 2024-05-01\n---\n')
    expect(record.issued).toEqual({ 'date-parts': [[2024]] })
    expect(record.accessed).toEqual({ 'date-parts': [[2024, 5, 1]] })
  })

  it('keeps the front matter out of the text', () => {
    expect(textOf('---\ntitle: T\n---\n\nBody.')).toBe('Body.')
  })

  it('takes the first heading as the title when the front matter has none', () => {
    expect(parseMarkdown('Intro\n\n## First *one*\n\n# Second').record.title).toBe('First one')
    expect(parseMarkdown('---\ntitle: Given\n---\n# Heading').record.title).toBe('Given')
  })

  it('gives an empty record without front matter or heading', () => {
    expect(parseMarkdown('Just text.').record).toEqual({})
  })

  it('refuses front matter that is not a mapping', () => {
    expect(() => parseMarkdown('---\n- a list\n---\nBody')).toThrow(/mapping/)
  })
})

describe('body', () => {
  it('maps headings, paragraphs, quotes, lists and rules onto the schema', () => {
    expect(typesOf('# H\n\np\n\n> q\n\n- a\n\n3. b\n\n***')).toEqual([
      'heading',
      'paragraph',
      'blockquote',
      'bullet_list',
      'ordered_list',
      'horizontal_rule',
    ])
  })

  it('keeps heading levels, list start numbers and tightness', () => {
    const { doc } = parseMarkdown('### Three\n\n3. a\n4. b\n\n- loose\n\n- list')
    expect(doc.child(0).attrs.level).toBe(3)
    expect(doc.child(1).attrs).toEqual({ order: 3, tight: true })
    expect(doc.child(2).attrs.tight).toBe(false)
  })

  it('maps emphasis, strong, links and inline code onto marks', () => {
    const { doc } = parseMarkdown('*e* **s** [l](https://example.org "T") `c`')
    const marks = doc.child(0).content.content.map((n) => n.marks.map((m) => m.type.name).join())
    expect(marks).toEqual(['em', '', 'strong', '', 'link', '', 'code'])
    expect(doc.child(0).child(4).marks[0]!.attrs).toEqual({
      href: 'https://example.org',
      title: 'T',
    })
  })

  it('turns hard breaks into hard_break nodes and soft breaks into spaces', () => {
    const { doc } = parseMarkdown('one  \ntwo\nthree')
    expect(doc.child(0).child(1).type.name).toBe('hard_break')
    expect(textMap(doc).text).toBe('one two three')
  })

  it('never parses raw HTML into the document', () => {
    const { doc } = parseMarkdown(
      '<script>alert(1)</script>\n\nA <b>bold</b> <img src=x onerror=alert(1)>',
    )
    expect(typesOf('<div>x</div>')).toEqual(['paragraph'])
    expect(textMap(doc).text).toBe(
      '<script>alert(1)</script>\nA <b>bold</b> <img src=x onerror=alert(1)>',
    )
  })

  it('does not link javascript: URLs', () => {
    const { doc } = parseMarkdown('[click](javascript:alert(1))')
    expect(doc.child(0).content.content.some((n) => n.marks.length > 0)).toBe(false)
  })

  it('imports a code block as a paragraph of code lines joined by hard breaks', () => {
    const { doc } = parseMarkdown('```js\nlet a = 1\n\nlet b = 2\n```\n\n    indented')
    expect(textMap(doc).text).toBe('let a = 1  let b = 2\nindented')
    expect(
      doc
        .child(0)
        .child(0)
        .marks.map((m) => m.type.name),
    ).toEqual(['code'])
    expect(doc.child(0).child(1).type.name).toBe('hard_break')
  })

  it('imports an image as its alt text', () => {
    expect(textOf('See ![the *chart*](chart.png "title") here.')).toBe('See the chart here.')
  })

  it('keeps tables and other extensions as plain text', () => {
    expect(textOf('| a | b |\n|---|---|\n| 1 | 2 |')).toBe('| a | b | |---|---| | 1 | 2 |')
  })

  it('unescapes backslash escapes such as \\$', () => {
    expect(textOf('imports exceeded \\$200 million, or $200 million')).toBe(
      'imports exceeded $200 million, or $200 million',
    )
  })

  it('keeps curly quotes and dashes as written', () => {
    expect(textOf("the “Dalian” summit – and 'straight' quotes")).toBe(
      "the “Dalian” summit – and 'straight' quotes",
    )
  })

  it('parses an empty body into one empty paragraph', () => {
    expect(parseMarkdown('---\ntitle: T\n---\n').doc.toJSON()).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', attrs: { page: null } }],
    })
  })
})
