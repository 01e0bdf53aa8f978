/**
 * The annotation routes: list annotations with where they sit now, create one from a quote
 * or a text position, link two with a relation. Writes go through the live annotations room,
 * so they are stored, relayed and seen in open editors at once.
 */
import {
  type Annotation,
  type AnnotationJSON,
  annotationToJSON,
  createAnnotation,
  createRelation,
  getAnnotation,
  listAnnotations,
  listComments,
  listRelations,
  matchQuote,
  type RelationType,
  type ResolvedAnchor,
  resolveAnchors,
  type TextSpan,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { Hono } from 'hono'
import { type AppEnv, requireRole } from '../auth'
import { ApiError } from '../errors'
import type { Library } from '../library'
import { optionalObject, optionalString, readJsonObject, requiredString } from './body'
import { documentOf } from './documents'

/** An annotation as the API answers it: its wire form and where its anchor resolves now. */
export interface ResolvedAnnotationJSON extends AnnotationJSON {
  resolved: ResolvedAnchor
}

// Writes made over HTTP carry this transaction origin.
const httpOrigin = 'http'

/** `GET|POST /documents/:id/annotations`, `POST /documents/:id/relations`, under /api. */
export function annotationRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/documents/:id/annotations', (c) => {
    const stored = documentOf(c, library)
    return c.json(
      library.withRooms(stored.id, (content, annotations) => {
        const list = listAnnotations(annotations.doc)
        const anchors = resolveAnchors(list, content.doc.getXmlFragment(CONTENT_FRAGMENT))
        return {
          annotations: list.map((a) => withResolved(a, anchors.get(a.id))),
          relations: listRelations(annotations.doc),
          comments: listComments(annotations.doc),
        }
      }),
    )
  })

  app.post('/documents/:id/annotations', async (c) => {
    const stored = documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const body = await readJsonObject(c)
    const kind = requiredString(body, 'kind')
    const attributes = optionalObject(body, 'attributes')
    const note = optionalString(body, 'note')
    const created = library.withRooms(stored.id, (content, annotations) => {
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const span = spanOf(body, fragmentText(fragment).text)
      const annotation = createAnnotation(
        annotations.doc,
        fragment,
        { kind, span, creator: access.label, attributes, note },
        { codebook: library.codebook(stored.id), origin: httpOrigin },
      )
      return withResolved(annotation, resolveAnchors([annotation], fragment).get(annotation.id))
    })
    return c.json(created, 201)
  })

  app.post('/documents/:id/relations', async (c) => {
    const stored = documentOf(c, library)
    const access = requireRole(c, 'annotator')
    const body = await readJsonObject(c)
    const type = requiredString(body, 'type') as RelationType
    const from = requiredString(body, 'from')
    const to = requiredString(body, 'to')
    const note = optionalString(body, 'note')
    const relation = library.withRooms(stored.id, (_content, annotations) => {
      for (const [end, id] of [
        ['from', from],
        ['to', to],
      ] as const) {
        if (!getAnnotation(annotations.doc, id)) {
          throw new ApiError(422, `the relation's "${end}" end is missing: no annotation "${id}"`)
        }
      }
      return createRelation(
        annotations.doc,
        { type, from, to, note, creator: access.label },
        { origin: httpOrigin },
      )
    })
    return c.json(relation, 201)
  })

  return app
}

function withResolved(
  annotation: Annotation,
  resolved: ResolvedAnchor | undefined,
): ResolvedAnnotationJSON {
  return {
    ...annotationToJSON(annotation),
    resolved: resolved ?? { health: 'orphaned', span: null, text: '' },
  }
}

/** The span a create request names, by quote or by position; 400/422 saying what is wrong. */
function spanOf(body: Record<string, unknown>, text: string): TextSpan {
  const quote = optionalObject(body, 'quote')
  const position = optionalObject(body, 'position')
  if ((quote === undefined) === (position === undefined)) {
    throw new ApiError(
      400,
      'give either "quote": {exact, prefix?, suffix?} or "position": {start, end}',
    )
  }
  if (quote) {
    const exact = requiredString(quote, 'exact')
    const prefix = optionalString(quote, 'prefix')
    const suffix = optionalString(quote, 'suffix')
    const match = matchQuote(text, { exact, prefix, suffix })
    if ('span' in match) return match.span
    const shown = exact.length > 80 ? `${exact.slice(0, 77)}...` : exact
    if (match.error === 'absent') {
      throw new ApiError(422, `the quote "${shown}" is absent: it does not occur in the document`)
    }
    throw new ApiError(
      422,
      `the quote "${shown}" is ambiguous: it occurs ${match.count} times; add a prefix or suffix to pick one`,
    )
  }
  const { start, end } = position!
  if (!(Number.isInteger(start) && Number.isInteger(end))) {
    throw new ApiError(400, '"position" needs whole-number "start" and "end"')
  }
  const span = { start: start as number, end: end as number }
  if (span.start < 0 || span.start >= span.end || span.end > text.length) {
    throw new ApiError(
      422,
      `position ${span.start}..${span.end} is not a span of the text (0..${text.length})`,
    )
  }
  return span
}
