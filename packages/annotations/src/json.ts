/**
 * The wire form of annotations for the HTTP API and files: the same fields, with the
 * anchor's relative positions as base64 strings.
 */
import { fromBase64, toBase64 } from 'lib0/buffer'
import { z } from 'zod'
import { AnnotationError } from './error'
import type { Anchor, Annotation } from './model'

/** An anchor as JSON: relative positions in base64. */
export interface AnchorJSON extends Omit<Anchor, 'start' | 'end'> {
  start: string
  end: string
}

/** An annotation as JSON. */
export interface AnnotationJSON extends Omit<Annotation, 'anchor'> {
  anchor: AnchorJSON
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')

const annotationJSON = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  anchor: z.object({
    start: base64,
    end: base64,
    exact: z.string(),
    prefix: z.string(),
    suffix: z.string(),
    position: z.object({ start: z.number().int().min(0), end: z.number().int().min(0) }),
  }),
  attributes: z.record(z.string(), z.unknown()),
  note: z.string(),
  creator: z.string(),
  created: z.string(),
  modified: z.string(),
  // Optional so that annotations written before it existed still read (their creator).
  modifiedBy: z.string().optional(),
})

/** The JSON form of an annotation. */
export function annotationToJSON(annotation: Annotation): AnnotationJSON {
  const { anchor } = annotation
  return {
    ...annotation,
    attributes: { ...annotation.attributes },
    anchor: {
      ...anchor,
      start: toBase64(anchor.start),
      end: toBase64(anchor.end),
      position: { ...anchor.position },
    },
  }
}

/** An annotation from its JSON form; throws AnnotationError('invalid-json') naming the field. */
export function annotationFromJSON(json: unknown): Annotation {
  const result = annotationJSON.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    const field = issue?.path.map(String).join('.') ?? ''
    throw new AnnotationError('invalid-json', `annotation ${field}: ${issue?.message}`, field)
  }
  const { anchor, modifiedBy, ...rest } = result.data
  return {
    ...rest,
    modifiedBy: modifiedBy ?? rest.creator,
    anchor: {
      ...anchor,
      start: fromBase64(anchor.start),
      end: fromBase64(anchor.end),
    },
  }
}
