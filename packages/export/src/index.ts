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
export {
  CSL_CITATION_SCHEMA,
  type CslCitation,
  type CslCitationItem,
  cslCitations,
  cslItems,
} from './csl'
export {
  attributeColumns,
  CSV_BOM,
  claimsCsv,
  csvHeader,
  quoteField,
  readableRelation,
} from './csv'
export { ExportError, type ExportErrorCode } from './error'
export {
  type ExportedFile,
  type ExportFormat,
  type ExportFormatName,
  exportDocument,
  exportFormats,
  isExportFormat,
} from './formats'
