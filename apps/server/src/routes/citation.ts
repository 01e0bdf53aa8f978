/**
 * One annotation's formatted citation, for a card's "Copy citation": the in-text citation with
 * the annotation's paragraph (and page) locator, in a style the request names or the document's
 * own, and the quote it cites. Built from the same export input and claim record as every
 * export, so the card cites exactly as a downloaded file does.
 */
import { readSettings } from '@warrant/document'
import { claimsExport, exportInput, parseCitationStyle } from '@warrant/export'
import { Hono } from 'hono'
import type { AppEnv } from '../auth'
import { ApiError } from '../errors'
import type { Library } from '../library'
import { documentOf } from './documents'

/** The answer of the citation route. */
export interface AnnotationCitation {
  style: string
  /** The formatted in-text citation with its locator, e.g. "(Choi, 2024, para. 6)". */
  text: string
  /** The passage as it reads now (as it read when annotated, for an orphan). */
  quote: string
  locator: { paragraph: number | null; page?: number }
}

/**
 * `GET /documents/:id/annotations/:annotationId/citation?style=S` (any role that may open the
 * document; default style: the document's setting), mounted under /api.
 */
export function citationRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/documents/:id/annotations/:annotationId/citation', async (c) => {
    const stored = await documentOf(c, library)
    const annotationId = c.req.param('annotationId')
    const asked = c.req.query('style') || undefined
    const cited = await library.withRooms(stored.id, (content, annotations) => {
      const style = parseCitationStyle(asked ?? readSettings(content.doc).citationStyle ?? 'apa')
      const input = exportInput(
        {
          id: stored.id,
          record: stored.record,
          content: content.doc,
          annotations: annotations.doc,
        },
        { style },
      )
      // Only this annotation's record is built: the citation needs nothing of the others.
      const only = input.annotations.filter((annotation) => annotation.id === annotationId)
      return claimsExport({ ...input, annotations: only }).records[0]
    })
    if (cited === undefined) throw new ApiError(404, `no annotation "${annotationId}"`)
    const { paragraph, page } = cited.locator
    const body: AnnotationCitation = {
      style: cited.citation.style,
      text: cited.citation.text,
      quote: cited.quote,
      locator: page === undefined ? { paragraph } : { paragraph, page },
    }
    return c.json(body)
  })
  return app
}
