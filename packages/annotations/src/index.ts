/** The annotation package: model, codebook, quotes, storage in Yjs, anchoring and the wire form. */
export { resolveAnchors } from './anchoring'
export {
  type ActorAttributes,
  attributeSchemas,
  type ClaimAttributes,
  type Codebook,
  defaultCodebook,
  type EvidenceAttributes,
  findKind,
  type Kind,
  type PredictionAttributes,
  type SourceAttributes,
  type StatisticAttributes,
  validateAttributes,
} from './codebook'
export { addComment, type CommentInit, listComments, setCommentResolved } from './comments'
export { AnnotationError, type AnnotationErrorCode } from './error'
export {
  type AnchorJSON,
  type AnnotationJSON,
  annotationFromJSON,
  annotationToJSON,
} from './json'
export { ANNOTATIONS, COMMENTS, RELATIONS, type WriteOptions } from './layout'
export * from './model'
export { matchQuote, QUOTE_CONTEXT, type QuoteMatch, type QuoteQuery, quoteAt } from './quote'
export {
  createRelation,
  deleteRelation,
  listRelations,
  type RelationInit,
} from './relations'
export {
  type AnnotationInit,
  type AnnotationPatch,
  type AnnotationWriteOptions,
  createAnnotation,
  type DeletedAnnotation,
  deleteAnnotation,
  getAnnotation,
  listAnnotations,
  updateAnnotation,
} from './store'
