/**
 * The annotation routes: list a document's annotations (filtered, each with where it sits
 * now), create one from a quote or a text position, edit and delete one. Writes go through
 * the live annotations room, so they are stored, relayed and seen in open editors at once;
 * everything is checked before the write, so a refused request stores nothing.
 */
import {
  type Annotation,
  createAnnotation,
  deleteAnnotation,
  getAnnotation,
  listAnnotations,
  listComments,
  listRelations,
  readCodebook,
  resolveAnchors,
  updateAnnotation,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { Hono } from 'hono'
import type * as Y from 'yjs'
import { annotationDetail, annotationUpdateDetail, editedFields } from '../audit-records'
import { type AppEnv, requireRole } from '../auth'
import { ApiError } from '../errors'
import { httpOrigin, type Library } from '../library'
import { parseWith, readBody, readJson } from './body'
import { documentOf } from './documents'
import { filtering, passes, readFilters } from './filters'
import { createAnnotationRequest, patchAnnotationRequest } from './requests'
import { spanOf } from './span'
import { annotationView } from './view'

/** What deleting an annotation removed: its id, the relations that went with it, its comment count. */
export interface DeletedAnnotationBody {
  deleted: string
  relations: Array<{ id: string; type: string; from: string; to: string }>
  comments: number
}

/** The annotation `aid` of a document's annotations doc; 404 when there is none. */
export function annotationOf(annotations: Y.Doc, documentId: string, aid: string): Annotation {
  const annotation = getAnnotation(annotations, aid)
  if (!annotation) throw new ApiError(404, `no annotation "${aid}" in document "${documentId}"`)
  return annotation
}

/** `GET|POST /documents/:id/annotations`, `PATCH|DELETE /documents/:id/annotations/:aid`. */
export function annotationRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/documents/:id/annotations', async (c) => {
    const stored = await documentOf(c, library)
    const filters = readFilters(c)
    return c.json(
      await library.withRooms(stored.id, (content, annotations) => {
        const list = listAnnotations(annotations.doc)
        const anchors = resolveAnchors(list, content.doc.getXmlFragment(CONTENT_FRAGMENT))
        const views = list
          .map((a) => annotationView(a, anchors.get(a.id)))
          .filter((view) => passes(view, filters))
        const relations = listRelations(annotations.doc)
        const comments = listComments(annotations.doc)
        if (!filtering(filters)) return { annotations: views, relations, comments }
        // A filtered listing carries the relations touching what it lists, and their threads.
        const listed = new Set(views.map((view) => view.id))
        return {
          annotations: views,
          relations: relations.filter((r) => listed.has(r.from) || listed.has(r.to)),
          comments: comments.filter((comment) => listed.has(comment.annotation)),
        }
      }),
    )
  })

  app.post('/documents/:id/annotations', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const body = await readBody(c, createAnnotationRequest)
    const created = await library.withRooms(stored.id, (content, annotations) => {
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const span = spanOf(body, fragmentText(fragment).text)
      const annotation = createAnnotation(
        annotations.doc,
        fragment,
        {
          kind: body.kind,
          span,
          creator: access.label,
          attributes: body.attributes,
          note: body.note,
        },
        { codebook: readCodebook(content.doc), origin: httpOrigin },
      )
      return annotationView(annotation, resolveAnchors([annotation], fragment).get(annotation.id))
    })
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'annotation.create',
      target: created.id,
      detail: annotationDetail(created),
    })
    return c.json(created, 201)
  })

  app.patch('/documents/:id/annotations/:aid', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const aid = c.req.param('aid')
    const raw = await readJson(c)
    const { before, updated } = await library.withRooms(stored.id, (content, annotations) => {
      const before = annotationOf(annotations.doc, stored.id, aid)
      const body = parseWith(patchAnnotationRequest, raw)
      const annotation = updateAnnotation(
        annotations.doc,
        aid,
        { kind: body.kind, attributes: body.attributes, note: body.note, editor: access.label },
        { codebook: readCodebook(content.doc), origin: httpOrigin },
      )
      if (!annotation) throw new ApiError(404, `no annotation "${aid}" in document "${stored.id}"`)
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const view = annotationView(annotation, resolveAnchors([annotation], fragment).get(aid))
      return { before, updated: view }
    })
    const fields = editedFields(before, updated)
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'annotation.update',
      target: aid,
      detail: annotationUpdateDetail(before, updated, fields),
    })
    return c.json(updated)
  })

  app.delete('/documents/:id/annotations/:aid', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const aid = c.req.param('aid')
    const removed = await library.withRooms(stored.id, (_content, annotations) =>
      deleteAnnotation(annotations.doc, aid, { origin: httpOrigin }),
    )
    if (!removed) throw new ApiError(404, `no annotation "${aid}" in document "${stored.id}"`)
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'annotation.delete',
      target: aid,
      detail: {
        ...annotationDetail(removed.annotation),
        relations: removed.relations.map((relation) => relation.id),
        comments: removed.comments.length,
      },
    })
    const body: DeletedAnnotationBody = {
      deleted: aid,
      relations: removed.relations.map(({ id, type, from, to }) => ({ id, type, from, to })),
      comments: removed.comments.length,
    }
    return c.json(body)
  })

  return app
}
