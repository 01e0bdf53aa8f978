import { describe, expect, it } from 'vitest'
import { type AnnotationBody, type ErrorAnswer, json, setup } from '../app.testkit'

const annotationsPath = '/api/documents/brief/annotations'

interface Listing {
  annotations: AnnotationBody[]
  relations: Array<{ id: string }>
  comments: Array<{ id: string; annotation: string }>
}

describe('GET /api/documents/:id/annotations', () => {
  it('shows each annotation with its stored quote, its health and, when drifted, the current text', async () => {
    const { annotate, request, typeInto } = await setup()
    const statistic = await annotate('statistic', 'fell by 86.3 percent')
    const claim = await annotate('claim', 'said the report')
    await typeInto(30, 'about ')
    const { annotations } = await json<Listing>(await request(annotationsPath))
    const byId = new Map(annotations.map((a) => [a.id, a]))
    expect(byId.get(statistic.id)).toMatchObject({
      quote: 'fell by 86.3 percent',
      health: 'drifted',
      current: 'fell by about 86.3 percent',
    })
    expect(byId.get(claim.id)).toMatchObject({
      quote: 'said the report',
      health: 'anchored',
      current: null,
      resolved: { health: 'anchored', text: 'said the report' },
    })
  })

  it('keeps an orphan in the listing, with its quote and no current span', async () => {
    const { annotate, request, cut } = await setup()
    const orphan = await annotate('claim', 'said the report')
    await cut(80, 15)
    const { annotations } = await json<Listing>(await request(annotationsPath))
    expect(annotations).toEqual([
      expect.objectContaining({
        id: orphan.id,
        quote: 'said the report',
        health: 'orphaned',
        resolved: { health: 'orphaned', span: null, text: '' },
      }),
    ])
  })

  it('filters by kind, creator, health and text, and combines the filters', async () => {
    const { annotate, post, request, token, typeInto } = await setup()
    const statistic = await annotate('statistic', 'fell by 86.3 percent')
    const claim = await annotate('claim', 'said the report', { note: 'Check the SOURCE' })
    const byAda = await json<AnnotationBody>(
      await post(annotationsPath, { kind: 'claim', quote: { exact: 'Exports' } }, token.annotator),
    )
    await typeInto(30, 'roughly ')
    const ids = async (query: string) => {
      const { annotations } = await json<Listing>(await request(`${annotationsPath}?${query}`))
      return annotations.map((a) => a.id).sort()
    }
    expect(await ids('kind=claim')).toEqual([claim.id, byAda.id].sort())
    expect(await ids('kind=claim,statistic')).toEqual([statistic.id, claim.id, byAda.id].sort())
    expect(await ids('creator=Ada')).toEqual([byAda.id])
    expect(await ids('health=drifted')).toEqual([statistic.id])
    expect(await ids('health=anchored&health=orphaned')).toEqual([claim.id, byAda.id].sort())
    // The text filter reads the stored quote, the current text and the note, in any case.
    expect(await ids('text=EXPORTS')).toEqual([byAda.id])
    expect(await ids('text=roughly')).toEqual([statistic.id])
    expect(await ids('text=source')).toEqual([claim.id])
    expect(await ids('kind=claim&creator=owner')).toEqual([claim.id])
    expect(await ids('kind=claim&health=drifted')).toEqual([])
  })

  it('carries only the relations and threads of what a filtered listing shows', async () => {
    const { annotate, post, request } = await setup()
    const claim = await annotate('claim', 'said the report')
    const evidence = await annotate('evidence', 'fell by 86.3 percent')
    const actor = await annotate('actor', 'Exports')
    await post('/api/documents/brief/relations', {
      type: 'supports',
      from: evidence.id,
      to: claim.id,
    })
    await post(`${annotationsPath}/${actor.id}/comments`, { text: 'Not an actor' })
    const listing = await json<Listing>(await request(`${annotationsPath}?kind=evidence`))
    expect(listing.annotations.map((a) => a.id)).toEqual([evidence.id])
    expect(listing.relations).toHaveLength(1)
    expect(listing.comments).toEqual([])
  })

  it('refuses an unknown health with 400 naming the parameter, and an unknown document with 404', async () => {
    const { request } = await setup()
    const response = await request(`${annotationsPath}?health=lost`)
    expect(response.status).toBe(400)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: '"health" must be one of anchored, drifted, orphaned, not "lost"',
      field: 'health',
    })
    const unknown = await request('/api/documents/nope/annotations')
    expect(unknown.status).toBe(404)
    expect(await json<ErrorAnswer>(unknown)).toMatchObject({ error: 'no document "nope"' })
  })
})
