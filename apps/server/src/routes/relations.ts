/**
 * The relation routes: link two annotations with a typed relation (evidence supports a claim,
 * a claim cites a source) and remove one. A relation's ends must exist, differ, and have the
 * kind its type points to; otherwise the API answers 422 naming the end and stores nothing.
 */
import { createRelation, deleteRelation, getAnnotation } from '@warrant/annotations'
import { Hono } from 'hono'
import { relationDetail } from '../audit-records'
import { type AppEnv, requireRole } from '../auth'
import { ApiError } from '../errors'
import { httpOrigin, type Library } from '../library'
import { readBody } from './body'
import { documentOf } from './documents'
import { createRelationRequest } from './requests'

/** `POST /documents/:id/relations`, `DELETE /documents/:id/relations/:rid`, under /api. */
export function relationRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/documents/:id/relations', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const body = await readBody(c, createRelationRequest)
    const relation = await library.withRooms(stored.id, (_content, annotations) => {
      for (const end of ['from', 'to'] as const) {
        if (!getAnnotation(annotations.doc, body[end])) {
          throw new ApiError(
            422,
            `the relation's "${end}" end is missing: no annotation "${body[end]}" in document "${stored.id}"`,
            end,
          )
        }
      }
      return createRelation(
        annotations.doc,
        { type: body.type, from: body.from, to: body.to, note: body.note, creator: access.label },
        { origin: httpOrigin },
      )
    })
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'relation.create',
      target: relation.id,
      detail: relationDetail(relation),
    })
    return c.json(relation, 201)
  })

  app.delete('/documents/:id/relations/:rid', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const rid = c.req.param('rid')
    const removed = await library.withRooms(stored.id, (_content, annotations) =>
      deleteRelation(annotations.doc, rid, { origin: httpOrigin }),
    )
    if (!removed) throw new ApiError(404, `no relation "${rid}" in document "${stored.id}"`)
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'relation.delete',
      target: rid,
      detail: relationDetail(removed),
    })
    return c.json({ deleted: rid, relation: removed })
  })

  return app
}
