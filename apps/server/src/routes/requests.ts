/**
 * The request bodies of the annotation API as zod schemas: strict objects (a misspelt field is
 * refused, not ignored), each field with a message that says what it must be. What only the
 * document can decide (the kind, the attributes, where a quote is) is checked by the routes.
 */
import { relationTypes } from '@warrant/annotations'
import { z } from 'zod'

const someText = (what: string) =>
  z.string({ error: `${what} must be a string` }).refine((s) => s.trim() !== '', {
    error: `${what} needs some text`,
  })

const id = (what: string) =>
  z.string({ error: `the id of ${what}` }).min(1, { error: `the id of ${what}` })

const kind = z.string({ error: 'a kind key such as "claim"' }).min(1, { error: 'a kind key' })

const attributes = z.record(z.string(), z.unknown(), {
  error: 'an object of attributes by name',
})

const note = z.string({ error: 'a note must be a string' })

const quote = z.strictObject(
  {
    exact: z
      .string({ error: 'the quoted text, as a string' })
      .min(1, { error: 'the quote is empty: quote at least one character of the document' }),
    prefix: z.string({ error: 'the text just before the quote' }).optional(),
    suffix: z.string({ error: 'the text just after the quote' }).optional(),
  },
  { error: 'an object {exact, prefix?, suffix?}' },
)

const offset = z.int({ error: 'a whole number of UTF-16 code units' }).min(0, {
  error: 'an offset of 0 or more',
})

const position = z.strictObject(
  { start: offset, end: offset },
  { error: 'an object {start, end} of text offsets' },
)

/** `POST /documents/:id/annotations`: a kind and either a quote or a text position. */
export const createAnnotationRequest = z
  .strictObject({
    kind,
    quote: quote.optional(),
    position: position.optional(),
    attributes: attributes.optional(),
    note: note.optional(),
  })
  .refine((body) => (body.quote === undefined) !== (body.position === undefined), {
    error: 'give either "quote": {exact, prefix?, suffix?} or "position": {start, end}, not both',
    path: ['quote'],
  })

/** The body of `POST /documents/:id/annotations`. */
export type CreateAnnotationRequest = z.output<typeof createAnnotationRequest>

/** `PATCH /documents/:id/annotations/:aid`: a new kind, new attributes (all of them), a new note. */
export const patchAnnotationRequest = z
  .strictObject({
    kind: kind.optional(),
    attributes: attributes.optional(),
    note: note.optional(),
  })
  .refine((b) => b.kind !== undefined || b.attributes !== undefined || b.note !== undefined, {
    error: 'give at least one of "kind", "attributes" and "note" to change',
  })

/** `POST /documents/:id/relations`: a typed link between two annotations. */
export const createRelationRequest = z.strictObject({
  type: z.enum(relationTypes, { error: `one of ${relationTypes.join(', ')}` }),
  from: id('the annotation the relation starts at'),
  to: id('the annotation the relation points to'),
  note: note.optional(),
})

/** `POST /documents/:id/annotations/:aid/comments`: a comment, or a reply to `parent`. */
export const createCommentRequest = z.strictObject({
  text: someText('a comment'),
  parent: id('the comment replied to').optional(),
})

/** `PATCH /documents/:id/annotations/:aid/comments/:cid`: new text, or resolve/reopen. */
export const patchCommentRequest = z
  .strictObject({
    text: someText('a comment').optional(),
    resolved: z.boolean({ error: 'true to resolve, false to reopen' }).optional(),
  })
  .refine((b) => b.text !== undefined || b.resolved !== undefined, {
    error: 'give "text" to edit the comment or "resolved" to resolve or reopen it',
  })

/**
 * `PUT /documents/:id/codebook`: the whole list of kinds. Only its shape is checked here;
 * writeCodebook validates every field of every kind.
 */
export const putCodebookRequest = z.strictObject({
  kinds: z.array(z.record(z.string(), z.unknown(), { error: 'a kind as an object' }), {
    error: 'the list of kinds',
  }),
})
