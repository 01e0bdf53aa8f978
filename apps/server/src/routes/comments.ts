/**
 * The comment routes: start or reply to the thread of an annotation, edit a comment's text
 * (its author, or an editor), and resolve or reopen it (any annotator). Each change records
 * who made it and when; a refused change stores nothing.
 */
import {
  addComment,
  type Comment,
  editComment,
  listComments,
  setCommentResolved,
} from '@warrant/annotations'
import { Hono } from 'hono'
import type * as Y from 'yjs'
import { type AppEnv, requireRole } from '../auth'
import { ApiError } from '../errors'
import { httpOrigin, type Library } from '../library'
import { hasRole } from '../tokens'
import { annotationOf } from './annotations'
import { parseWith, readJson } from './body'
import { documentOf } from './documents'
import { createCommentRequest, patchCommentRequest } from './requests'

/** Comment `cid` of annotation `aid`; 404 when the annotation has no such comment. */
function commentOf(annotations: Y.Doc, aid: string, cid: string): Comment {
  const comment = listComments(annotations, aid).find((candidate) => candidate.id === cid)
  if (!comment) throw new ApiError(404, `no comment "${cid}" on annotation "${aid}"`)
  return comment
}

/** `POST /documents/:id/annotations/:aid/comments`, `PATCH .../comments/:cid`, under /api. */
export function commentRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/documents/:id/annotations/:aid/comments', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const aid = c.req.param('aid')
    const raw = await readJson(c)
    const comment = await library.withRooms(stored.id, (_content, annotations) => {
      annotationOf(annotations.doc, stored.id, aid)
      const body = parseWith(createCommentRequest, raw)
      const parent = body.parent ?? null
      if (parent !== null && !listComments(annotations.doc, aid).some((k) => k.id === parent)) {
        throw new ApiError(
          422,
          `"parent": no comment "${parent}" on this annotation to reply to`,
          'parent',
        )
      }
      return addComment(
        annotations.doc,
        { annotation: aid, text: body.text, parent, creator: access.label },
        { origin: httpOrigin },
      )
    })
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'comment.create',
      target: comment.id,
      detail: { annotation: aid, parent: comment.parent },
    })
    return c.json(comment, 201)
  })

  app.patch('/documents/:id/annotations/:aid/comments/:cid', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const aid = c.req.param('aid')
    const cid = c.req.param('cid')
    const raw = await readJson(c)
    const { before, comment } = await library.withRooms(stored.id, (_content, annotations) => {
      annotationOf(annotations.doc, stored.id, aid)
      const before = commentOf(annotations.doc, aid, cid)
      const body = parseWith(patchCommentRequest, raw)
      const text = body.text !== undefined && body.text !== before.text ? body.text : null
      if (text !== null && before.creator !== access.label && !hasRole(access.role, 'editor')) {
        throw new ApiError(
          403,
          `only its author (${before.creator}) or an editor may edit a comment`,
        )
      }
      const edit = { editor: access.label }
      // Both changes in one transaction, so a resolve never lands without its edit.
      annotations.doc.transact(() => {
        if (text !== null) editComment(annotations.doc, cid, { ...edit, text })
        if (body.resolved !== undefined && body.resolved !== before.resolved) {
          setCommentResolved(annotations.doc, cid, body.resolved, edit)
        }
      }, httpOrigin)
      return { before, comment: commentOf(annotations.doc, aid, cid) }
    })
    const change = { document: stored.id, target: cid, detail: { annotation: aid } }
    if (comment.text !== before.text) {
      library.audit.recordRequest(access, {
        ...change,
        action: 'comment.update',
        detail: { annotation: aid, fields: ['text'] },
      })
    }
    if (comment.resolved !== before.resolved) {
      const action = comment.resolved ? 'comment.resolve' : 'comment.reopen'
      library.audit.recordRequest(access, { ...change, action })
    }
    return c.json(comment)
  })

  return app
}
