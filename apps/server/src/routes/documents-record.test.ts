/**
 * Before and after creating a document, at the level of the app: the preview answers what an
 * import would make and stores nothing, and editors correct a document's record later.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { json } from '../app.testkit'
import { briefHtml, closeImporters, type DocumentBody, world } from './documents.testkit'

afterAll(closeImporters)

describe('POST /api/documents/preview', () => {
  it('answers the blocks and record the import makes, and stores nothing', async () => {
    const w = await world()
    const before = w.stored()
    const body = new FormData()
    body.append('file', new File([briefHtml], 'brief.html', { type: 'text/html' }))
    const response = await w.request('/api/documents/preview', { method: 'POST', body })
    expect(response.status).toBe(200)
    const preview = await json<{
      type: string
      record: Record<string, unknown>
      blocks: Array<{ heading: number | null; page: number | null; text: string }>
    }>(response)
    expect(preview.type).toBe('html')
    expect(preview.record).toMatchObject({
      type: 'report',
      publisher: 'Korea Institute for International Economic Policy',
    })
    expect(preview.blocks[0]).toEqual({
      heading: 1,
      page: null,
      text: expect.stringMatching(/^North Korea's Foreign/),
    })
    expect(preview.blocks.filter((b) => b.heading === null)).toHaveLength(20)
    expect(w.stored()).toEqual(before)
  })
})

describe('PUT /api/documents/:id/record', () => {
  const record = {
    type: 'report',
    title: 'A corrected title',
    author: [{ family: 'Choi', given: 'Jangho' }, { literal: 'KIEP' }],
    issued: { 'date-parts': [[2024, 6]] },
    publisher: 'KIEP',
    URL: 'https://www.kiep.go.kr/brief',
    DOI: '10.1000/xyz123',
    'container-title': 'World Economy Brief',
    page: '1-12',
    abstract: 'On summits.',
  }

  it('replaces the record; the document is listed and shown with the new title', async () => {
    const w = await world()
    const response = await w.request(
      '/api/documents/brief/record',
      {
        method: 'PUT',
        body: JSON.stringify(record),
      },
      w.token.briefEditor,
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ record: { ...record, id: 'brief' } })
    const view = await json<DocumentBody>(await w.request('/api/documents/brief'))
    expect(view.title).toBe('A corrected title')
    expect(view.record).toEqual({ ...record, id: 'brief' })
    const [entry] = (await w.library.audit.list({ document: 'brief' })).entries
    expect(entry).toMatchObject({
      action: 'document.record',
      actor: 'Bea',
      detail: { title: 'A corrected title' },
    })
    expect((entry!.detail as { fields: string[] }).fields).toContain('title')
  })

  it('refuses a record that is not a CSL record with 422 naming the field, and keeps the old one', async () => {
    const w = await world()
    const before = await json<DocumentBody>(await w.request('/api/documents/brief'))
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...record, title: '' }, 'title'],
      [{ type: 'report' }, 'title'],
      [{ ...record, type: 'blog' }, 'type'],
      [{ ...record, URL: 'javascript:alert(1)' }, 'URL'],
      [{ ...record, author: [{ given: 'Jangho' }] }, 'author.0'],
      [{ ...record, issued: { 'date-parts': [[2024, 13]] } }, 'issued.date-parts.0'],
      [{ ...record, DOI: 'not a doi' }, 'DOI'],
    ]
    for (const [body, field] of cases) {
      const response = await w.request('/api/documents/brief/record', {
        method: 'PUT',
        body: JSON.stringify(body),
      })
      expect({
        status: response.status,
        field: (await json<{ field?: string }>(response)).field,
      }).toEqual({
        status: 422,
        field,
      })
    }
    const after = await json<DocumentBody>(await w.request('/api/documents/brief'))
    expect(after.record).toEqual(before.record)
  })

  it('refuses annotators with 403 and editors of another document with 404', async () => {
    const w = await world()
    const put = (as: string) =>
      w.request('/api/documents/other/record', { method: 'PUT', body: JSON.stringify(record) }, as)
    expect((await put(w.token.annotator)).status).toBe(403)
    expect((await put(w.token.briefEditor)).status).toBe(404)
    expect((await json<DocumentBody>(await w.request('/api/documents/other'))).title).toBe('Other')
  })
})
