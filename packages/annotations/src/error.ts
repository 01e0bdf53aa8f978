/**
 * The one error the annotation package throws, with a code callers can branch on
 * (the HTTP API turns codes into status codes and messages).
 */

/** Why an annotation, relation or comment was refused. */
export type AnnotationErrorCode =
  | 'unknown-kind'
  | 'retired-kind'
  | 'kind-removed'
  | 'invalid-codebook'
  | 'empty-span'
  | 'span-out-of-range'
  | 'invalid-attributes'
  | 'missing-annotation'
  | 'self-relation'
  | 'unknown-relation-type'
  | 'relation-kind-mismatch'
  | 'missing-comment'
  | 'empty-comment'
  | 'duplicate-id'
  | 'missing-editor'
  | 'invalid-json'

/**
 * A refused write or malformed input; `field` names the offending field when there is one
 * (`attributes.status`, `kinds.2.colour`, `to`).
 */
export class AnnotationError extends Error {
  override readonly name = 'AnnotationError'
  readonly code: AnnotationErrorCode
  readonly field: string | undefined

  constructor(code: AnnotationErrorCode, message: string, field?: string) {
    super(message)
    this.code = code
    this.field = field
  }
}
