/**
 * Creating documents over HTTP, at the level of the app: uploads as forms and as bare bodies of
 * every text kind, the record they get, the id made from the title, and every refusal (415, 413,
 * 422, 403, 401) leaving the documents as they were.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { tinyPdf, truncatedPdf } from '../../../../tests/support/tiny-pdf'
import { json } from '../app.testkit'
import {
  briefHtml,
  briefMarkdown,
  closeImporters,
  type DocumentBody,
  hasty,
  world,
} from './documents.testkit'

afterAll(closeImporters)

describe('POST /api/documents', () => {
  it('creates a document from an uploaded Markdown file, with its front matter as its record', async () => {
    const w = await world()
    const file = new File(
      [
        '---\ntitle: Trade in 2024\nauthor: Kim, Ana\nissued: 2024-03\n---\n\n# Trade\n\nExports fell.\n',
      ],
      'trade.md',
      { type: 'text/markdown' },
    )
    const response = await w.upload(file)
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBe('/api/documents/trade-in-2024')
    const body = await json<DocumentBody>(response)
    expect(body).toMatchObject({
      id: 'trade-in-2024',
      title: 'Trade in 2024',
      text: 'Trade\nExports fell.',
    })
    expect(body.record).toMatchObject({
      id: 'trade-in-2024',
      type: 'document',
      author: [{ family: 'Kim', given: 'Ana' }],
      issued: { 'date-parts': [[2024, 3]] },
    })
    const listed = await json<{ documents: Array<{ id: string }> }>(
      await w.request('/api/documents'),
    )
    expect(listed.documents.map((d) => d.id)).toEqual(['brief', 'other', 'trade-in-2024'])
    const view = await json<DocumentBody>(await w.request('/api/documents/trade-in-2024'))
    expect(view.text).toBe('Trade\nExports fell.')
  })

  it('creates a document from a bare HTML body, titled by ?title=, with the page record', async () => {
    const w = await world()
    const response = await w.raw(
      briefHtml,
      'text/html; charset=utf-8',
      '?title=KIEP%20brief%20(web)',
    )
    expect(response.status).toBe(201)
    const body = await json<DocumentBody>(response)
    expect(body.id).toBe('kiep-brief-web')
    expect(body.title).toBe('KIEP brief (web)')
    expect(body.record).toMatchObject({
      type: 'report',
      author: [{ family: 'Choi', given: 'Jangho' }],
    })
    const markdown = await w.raw(briefMarkdown, 'text/markdown')
    expect(markdown.status).toBe(201)
    expect(body.text).toBe((await json<DocumentBody>(markdown)).text)
    expect(body.text).not.toMatch(/LEAK|__xss/)
  })

  it('creates a document from plain text, its id the title slug made unique with -2, -3', async () => {
    const w = await world()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const response = await w.raw('Café — Über Notes\n\nFirst paragraph\nwrapped.', 'text/plain')
      expect(response.status).toBe(201)
      ids.push((await json<DocumentBody>(response)).id)
    }
    expect(ids).toEqual(['cafe-uber-notes', 'cafe-uber-notes-2', 'cafe-uber-notes-3'])
    const title = encodeURIComponent('word '.repeat(40))
    const long = await w.raw('Text.', 'text/plain', `?title=${title}`)
    expect((await json<DocumentBody>(long)).id).toBe(`${'word-'.repeat(12)}word`)
  })

  it('sets the title and record fields the form gives over what the source says', async () => {
    const w = await world()
    const response = await w.upload(new File(['Untitled notes\n\nSome text.'], 'notes.txt'), {
      title: 'Field notes',
      record: JSON.stringify({
        type: 'report',
        author: [{ literal: 'KIEP' }],
        URL: 'https://kiep.go.kr/x',
      }),
    })
    expect(response.status).toBe(201)
    const body = await json<DocumentBody>(response)
    expect(body.title).toBe('Field notes')
    expect(body.record).toMatchObject({
      type: 'report',
      author: [{ literal: 'KIEP' }],
      URL: 'https://kiep.go.kr/x',
    })
  })

  it('names a document without a title after its file', async () => {
    const w = await world()
    const response = await w.upload(new File(['Just one paragraph.'], 'Memo 7.txt'))
    expect(await json<DocumentBody>(response)).toMatchObject({ id: 'memo-7', title: 'Memo 7' })
  })

  it('answers 415 for a kind it does not import, and creates nothing', async () => {
    const w = await world()
    const before = w.stored()
    const word = await w.upload(new File(['PK'], 'brief.docx', { type: 'application/msword' }))
    expect(word.status).toBe(415)
    expect(await word.json()).toMatchObject({
      code: 'unsupported-type',
      error: expect.stringMatching(/brief\.docx/),
    })
    const bare = await w.raw('x', 'application/octet-stream')
    expect(bare.status).toBe(415)
    expect(w.stored()).toEqual(before)
  })

  it('answers 413 for a source over the limit, sent whole or in chunks, and creates nothing', async () => {
    const w = await world()
    const before = w.stored()
    const big = 'A paragraph of text.\n\n'.repeat(4000)
    const whole = await w.raw(big, 'text/plain')
    expect(whole.status).toBe(413)
    expect(await whole.json()).toMatchObject({ code: 'too-large' })
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++)
          controller.enqueue(new TextEncoder().encode(big.slice(0, 16_000)))
        controller.close()
      },
    })
    const streamed = await w.request('/api/documents', {
      method: 'POST',
      body: chunks,
      headers: { 'content-type': 'text/plain' },
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    const form = await w.upload(new File([big], 'big.txt'))
    expect(form.status).toBe(413)
    expect(w.stored()).toEqual(before)
  })

  it('answers 422 with the reason for a corrupt or empty source, and creates nothing', async () => {
    const w = await world()
    const before = w.stored()
    const latin1 = await w.raw(new Uint8Array([0x43, 0x61, 0x66, 0xe9]), 'text/plain')
    expect(latin1.status).toBe(422)
    expect(await latin1.json()).toEqual({
      code: 'corrupt',
      error: 'the text file is not valid UTF-8 text',
    })
    const empty = await w.upload(new File([''], 'empty.md'))
    expect(empty.status).toBe(422)
    expect(await empty.json()).toMatchObject({ code: 'empty' })
    const furniture = await w.raw('<nav>Home</nav><script>x()</script>', 'text/html')
    expect(await furniture.json()).toMatchObject({ code: 'empty' })
    const frontMatter = await w.raw('---\n[broken\n---\n\nText', 'text/markdown')
    expect(await frontMatter.json()).toMatchObject({
      code: 'corrupt',
      error: expect.stringMatching(/front matter/),
    })
    expect(w.stored()).toEqual(before)
  })

  it('creates a document from a PDF, each paragraph with its page', async () => {
    const w = await world()
    const response = await w.raw(tinyPdf('One line of a PDF.'), 'application/pdf', '?title=A%20PDF')
    expect(response.status).toBe(201)
    const body = await json<DocumentBody>(response)
    expect(body).toMatchObject({ id: 'a-pdf', text: 'One line of a PDF.' })
    const view = await w.request('/api/documents/preview', {
      method: 'POST',
      body: tinyPdf('One line of a PDF.'),
      headers: { 'content-type': 'application/pdf' },
    })
    expect((await json<{ blocks: unknown[] }>(view)).blocks).toEqual([
      { heading: null, page: 1, text: 'One line of a PDF.' },
    ])
  })

  it('answers 422 for a PDF without a text layer, a truncated one and a false one, and creates nothing', async () => {
    const w = await world()
    const before = w.stored()
    const scan = await w.upload(new File([tinyPdf(null)], 'scan.pdf', { type: 'application/pdf' }))
    expect(scan.status).toBe(422)
    expect(await scan.json()).toEqual({
      code: 'no-text',
      error: expect.stringMatching(/no text layer.*OCR is not supported/),
    })
    const cut = await w.raw(truncatedPdf(), 'application/pdf')
    expect(cut.status).toBe(422)
    expect(await cut.json()).toMatchObject({
      code: 'corrupt',
      error: expect.stringMatching(/truncated/),
    })
    const fake = await w.raw('<html>not a PDF</html>', 'application/pdf')
    expect(await fake.json()).toMatchObject({ code: 'corrupt' })
    expect(w.stored()).toEqual(before)
  })

  it('stops an import that runs out of time with 422 timeout, creates nothing and goes on answering', async () => {
    const w = await world(hasty)
    const before = w.stored()
    const started = performance.now()
    const response = await w.raw(briefHtml, 'text/html')
    console.log(`timed-out import answered in ${(performance.now() - started).toFixed(0)} ms`)
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({
      code: 'timeout',
      error: 'the import took longer than 1 ms and was stopped',
    })
    expect(w.stored()).toEqual(before)
    expect((await w.request('/api/documents')).status).toBe(200)
  })

  it('refuses annotators, viewers and one-document owners with 403, and no token with 401', async () => {
    const w = await world()
    const before = w.stored()
    const file = () => new File(['Some text.'], 'a.txt')
    for (const as of [w.token.annotator, w.token.viewer, w.token.soloOwner, w.token.briefEditor]) {
      const response = await w.upload(file(), {}, as)
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ code: 'forbidden' })
    }
    expect((await w.upload(file(), {}, null)).status).toBe(401)
    expect((await w.upload(file(), {}, w.token.editor)).status).toBe(201)
    expect(w.stored().documents).toEqual([...before.documents, 'a'])
  })

  it('refuses a form without a file, or with a record that is not a CSL record', async () => {
    const w = await world()
    const before = w.stored()
    const body = new FormData()
    body.append('title', 'No file')
    const noFile = await w.request('/api/documents', { method: 'POST', body })
    expect(noFile.status).toBe(400)
    const badRecord = await w.upload(new File(['Text.'], 'a.txt'), {
      record: JSON.stringify({ URL: 'javascript:alert(1)' }),
    })
    expect(badRecord.status).toBe(422)
    expect(await badRecord.json()).toMatchObject({ field: 'URL' })
    expect(w.stored()).toEqual(before)
  })

  it('records who created the document in the audit log', async () => {
    const w = await world()
    const created = await json<DocumentBody>(
      await w.upload(new File(['A note.'], 'note.txt'), {}, w.token.editor),
    )
    const [entry] = (await w.library.audit.list({ document: created.id })).entries
    expect(entry).toMatchObject({
      actor: 'Eda',
      channel: 'http',
      action: 'document.create',
      detail: { title: 'note', source: 'text', file: 'note.txt', paragraphs: 1, headings: 0 },
    })
  })
})
