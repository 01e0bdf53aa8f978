/** The annotation package: model, codebook, quotes, storage in Yjs, anchoring and the wire form. */
export { anchorAt, detachedAnchor } from './anchor'
export { resolveAnchors } from './anchoring'
export {
  type ActorAttributes,
  type AttributeCodebook,
  type AttributeField,
  attributeSchemas,
  type BuiltinKind,
  type ClaimAttributes,
  type EvidenceAttributes,
  isBuiltinKind,
  type PredictionAttributes,
  type SourceAttributes,
  type StatisticAttributes,
  validateAttributes,
} from './attributes'
export {
  CODEBOOK,
  type Codebook,
  defaultCodebook,
  findKind,
  type Kind,
  readCodebook,
  taggableKind,
  writeCodebook,
} from './codebook'
export {
  addComment,
  type CommentEdit,
  type CommentInit,
  type CommentTextEdit,
  editComment,
  listComments,
  setCommentResolved,
} from './comments'
export { AnnotationError, type AnnotationErrorCode } from './error'
export { type ItemIndex, type ItemPosition, indexItems } from './itemindex'
export {
  type AnchorJSON,
  type AnnotationJSON,
  annotationFromJSON,
  annotationToJSON,
} from './json'
export { ANNOTATIONS, COMMENTS, RELATIONS, type WriteOptions } from './layout'
export * from './model'
export {
  matchQuote,
  QUOTE_CONTEXT,
  type QuoteMatch,
  type QuoteQuery,
  quoteAt,
  quoteFinder,
} from './quote'
export { type ReanchorInit, reanchorAnnotation } from './reanchor'
export {
  createRelation,
  deleteRelation,
  listRelations,
  type RelationInit,
} from './relations'
export {
  type RestoreInit,
  restoreAnnotations,
  restoreComment,
  restoredAnnotation,
} from './restore'
export {
  type AnnotationInit,
  type AnnotationPatch,
  type AnnotationWriteOptions,
  createAnnotation,
  type DeletedAnnotation,
  deleteAnnotation,
  getAnnotation,
  insertAnnotation,
  listAnnotations,
  updateAnnotation,
} from './store'
export { sameModuloBlockWhitespace } from './whitespace'
