import { CONTENT_FRAGMENT } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { type ErrorAnswer, json, setup } from '../app.testkit'
import type { AnnotationCitation } from './citation'

const citationPath = (id: string, query = '') =>
  `/api/documents/brief/annotations/${id}/citation${query}`

describe('GET /api/documents/:id/annotations/:annotationId/citation', () => {
  it('cites an annotation in APA with its paragraph locator and quote', async () => {
    const { annotate, request } = await setup()
    const claim = await annotate('claim', 'Imports fell too, said the report')
    const response = await request(citationPath(claim.id))
    expect(response.status).toBe(200)
    expect(await json<AnnotationCitation>(response)).toEqual({
      style: 'apa',
      text: '(Choi, 2024, para. 2)',
      quote: 'Imports fell too, said the report',
      locator: { paragraph: 2 },
    })
  })

  it('gives the page before the paragraph when the document came from pages', async () => {
    const { annotate, library, request } = await setup()
    // The title and first paragraph on page 1, the second paragraph on page 2, as a PDF import stores them.
    library.withContent('brief', (content) => {
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const blocks = fragment.toArray() as Array<Y.XmlElement<{ page: number }>>
      blocks.forEach((block, i) => {
        block.setAttribute('page', i < 2 ? 1 : 2)
      })
    })
    const claim = await annotate('claim', 'Imports fell too, said the report')
    expect(await json<AnnotationCitation>(await request(citationPath(claim.id)))).toEqual({
      style: 'apa',
      text: '(Choi, 2024, p. 2, para. 2)',
      quote: 'Imports fell too, said the report',
      locator: { paragraph: 2, page: 2 },
    })
    const mla = await json<AnnotationCitation>(await request(citationPath(claim.id, '?style=mla')))
    expect(mla.text).toBe('(Choi 2, par. 2)')
  })

  it('cites in the style asked for, else in the document’s own style', async () => {
    const { annotate, put, request } = await setup()
    const claim = await annotate('claim', 'Exports fell by 86.3 percent')
    const mla = await json<AnnotationCitation>(await request(citationPath(claim.id, '?style=mla')))
    expect(mla).toMatchObject({ style: 'mla', text: '(Choi, par. 1)' })
    const set = await put('/api/documents/brief/settings', { citationStyle: 'chicago-author-date' })
    expect(set.status).toBe(200)
    const chicago = await json<AnnotationCitation>(await request(citationPath(claim.id)))
    expect(chicago.style).toBe('chicago-author-date')
    expect(chicago.text).toMatch(/^\(Choi 2024/)
  })

  it('answers a viewer too', async () => {
    const { annotate, request, token } = await setup()
    const claim = await annotate('claim', 'Exports fell by 86.3 percent')
    const response = await request(citationPath(claim.id), {}, token.viewer)
    expect(response.status).toBe(200)
    expect((await json<AnnotationCitation>(response)).quote).toBe('Exports fell by 86.3 percent')
  })

  it('refuses an unknown style with 400 and the known ones', async () => {
    const { annotate, request } = await setup()
    const claim = await annotate('claim', 'Exports fell by 86.3 percent')
    const response = await request(citationPath(claim.id, '?style=harvard'))
    expect(response.status).toBe(400)
    expect((await json<ErrorAnswer>(response)).error).toMatch(/unknown citation style 'harvard'/)
  })

  it('answers 404 for an unknown annotation or a document the token cannot open', async () => {
    const { annotate, request, tokens } = await setup()
    const claim = await annotate('claim', 'Exports fell by 86.3 percent')
    expect((await request(citationPath('no-such-annotation'))).status).toBe(404)
    const elsewhere = await tokens.create({ role: 'viewer', label: 'Vo', document: 'other' })
    expect((await request(citationPath(claim.id), {}, elsewhere)).status).toBe(404)
    expect((await request(citationPath(claim.id), {}, null)).status).toBe(401)
  })
})
