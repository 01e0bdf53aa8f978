import { relationTypes } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import { type ErrorAnswer, json, setup } from '../app.testkit'

const relationsPath = '/api/documents/brief/relations'

interface RelationBody {
  id: string
  type: string
  from: string
  to: string
  note: string
  creator: string
}

/** The brief with a claim, evidence, a prediction, a source and an actor, one per passage. */
async function annotated() {
  const fixture = await setup()
  const { annotate } = fixture
  const ids = {
    claim: (await annotate('claim', 'said the report')).id,
    evidence: (await annotate('evidence', 'fell by 86.3 percent')).id,
    prediction: (await annotate('prediction', 'A short brief')).id,
    source: (await annotate('source', 'the report')).id,
    actor: (await annotate('actor', 'Exports')).id,
  }
  return { ...fixture, ids }
}

describe('POST /api/documents/:id/relations', () => {
  it('links annotations with each of the six types, with an optional note, credited to the token', async () => {
    const { ids, post, token } = await annotated()
    const targets: Record<string, string> = {
      supports: ids.claim,
      contradicts: ids.claim,
      qualifies: ids.claim,
      cites: ids.source,
      about: ids.actor,
      resolves: ids.prediction,
    }
    for (const type of relationTypes) {
      const response = await post(
        relationsPath,
        { type, from: ids.evidence, to: targets[type], note: `${type} note` },
        token.annotator,
      )
      expect(response.status).toBe(201)
      expect(await json<RelationBody>(response)).toMatchObject({
        type,
        from: ids.evidence,
        to: targets[type],
        note: `${type} note`,
        creator: 'Ada',
      })
    }
  })

  it.each([
    ['cites', 'source'],
    ['about', 'actor'],
    ['resolves', 'prediction'],
  ])('refuses a "%s" relation to a claim with 422 saying it points to a %s', async (type, kind) => {
    const { ids, post, snapshot } = await annotated()
    const before = await snapshot()
    const response = await post(relationsPath, { type, from: ids.evidence, to: ids.claim })
    expect(response.status).toBe(422)
    expect(await json<ErrorAnswer>(response)).toMatchObject({
      error: `a "${type}" relation points to a ${kind}, not to a claim`,
      field: 'to',
    })
    expect(await snapshot()).toEqual(before)
  })

  it.each(['from', 'to'] as const)(
    'refuses a relation whose "%s" end is missing with 422 naming that end',
    async (end) => {
      const { ids, post, snapshot } = await annotated()
      const before = await snapshot()
      const ends = { from: ids.evidence, to: ids.claim, [end]: 'gone' }
      const response = await post(relationsPath, { type: 'supports', ...ends })
      expect(response.status).toBe(422)
      expect(await json<ErrorAnswer>(response)).toMatchObject({
        error: `the relation's "${end}" end is missing: no annotation "gone" in document "brief"`,
        field: end,
      })
      expect(await snapshot()).toEqual(before)
    },
  )

  it.each([
    ['an unknown type', { type: 'refutes' }, 'type', /one of supports, contradicts/],
    ['a missing end', { to: undefined }, 'to', /^"to" is required$/],
    ['a note that is not text', { note: false }, 'note', /note must be a string/],
  ])('refuses %s with 422 naming the field', async (_, change, field, error) => {
    const { ids, post, snapshot } = await annotated()
    const before = await snapshot()
    const body = { type: 'supports', from: ids.evidence, to: ids.claim, ...change }
    const response = await post(relationsPath, body)
    expect(response.status).toBe(422)
    const answer = await json<ErrorAnswer>(response)
    expect(answer.field).toBe(field)
    expect(answer.error).toMatch(error)
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a relation of an annotation to itself with 422', async () => {
    const { ids, post } = await annotated()
    const response = await post(relationsPath, {
      type: 'supports',
      from: ids.claim,
      to: ids.claim,
    })
    expect(response.status).toBe(422)
    expect((await json<ErrorAnswer>(response)).error).toBe(
      'an annotation cannot be related to itself',
    )
  })

  it('refuses a viewer with 403 and an unknown document with 404', async () => {
    const { ids, post, token } = await annotated()
    const body = { type: 'supports', from: ids.evidence, to: ids.claim }
    expect((await post(relationsPath, body, token.viewer)).status).toBe(403)
    expect((await post('/api/documents/nope/relations', body)).status).toBe(404)
  })
})

describe('DELETE /api/documents/:id/relations/:rid', () => {
  it('removes a relation and answers with it, leaving both annotations', async () => {
    const { del, ids, post, request } = await annotated()
    const relation = await json<RelationBody>(
      await post(relationsPath, { type: 'supports', from: ids.evidence, to: ids.claim }),
    )
    const response = await del(`${relationsPath}/${relation.id}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ deleted: relation.id, relation })
    const listing = await json<{ annotations: unknown[]; relations: unknown[] }>(
      await request('/api/documents/brief/annotations'),
    )
    expect(listing.relations).toEqual([])
    expect(listing.annotations).toHaveLength(5)
  })

  it('answers 404 for an unknown relation and 403 for a viewer, storing nothing', async () => {
    const { del, ids, post, snapshot, token } = await annotated()
    const relation = await json<RelationBody>(
      await post(relationsPath, { type: 'supports', from: ids.evidence, to: ids.claim }),
    )
    const before = await snapshot()
    const unknown = await del(`${relationsPath}/nope`)
    expect(unknown.status).toBe(404)
    expect(await json<ErrorAnswer>(unknown)).toMatchObject({
      error: 'no relation "nope" in document "brief"',
    })
    expect((await del(`${relationsPath}/${relation.id}`, token.viewer)).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})
