export { type Citation, type CitationLocator, formatCitation } from './citation'
export {
  CLAIMS_FORMAT,
  type ClaimComment,
  type ClaimLocator,
  type ClaimRecord,
  type ClaimRelation,
  type ClaimRelationEnd,
  type ClaimsDocument,
  type ClaimsExport,
  type ClaimsInput,
  claimsExport,
} from './claims'
export { ExportError, type ExportErrorCode } from './error'
export {
  type ExportedFile,
  type ExportFormat,
  type ExportFormatName,
  exportDocument,
  exportFormats,
  isExportFormat,
} from './formats'
