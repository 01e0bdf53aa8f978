export {
  type AifEdge,
  type AifGraph,
  type AifNode,
  aifGraph,
} from './aif'
export { bibtex, ris } from './bibliography'
export type { ImportBundle, ImportedAnnotation, ImportedQuote } from './bundle'
export {
  type Citation,
  type CitationLocator,
  type CslLocator,
  cslLocator,
  formatCitation,
} from './citation'
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
export { readClaims, readClaimsLines } from './claims-import'
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
export {
  type ImportReport,
  type ImportSkip,
  type ImportTarget,
  importBundle,
} from './importing'
export { type ExportInputOptions, type ExportSource, exportInput } from './input'
export { type Pin, type PinLookup, type PinnedText, type PinStatus, pinFinder } from './pinned'
export { readExport } from './reading'
export { markdownReport } from './report'
export {
  type CitationStyle,
  citationStyleLabels,
  citationStyles,
  isCitationStyle,
  parseCitationStyle,
} from './styles'
export {
  ANNO_CONTEXT,
  idOfIri,
  W3C_CONTEXT,
  W3C_PAGED_CONTEXT,
  type W3cAnnotation,
  type W3cCollection,
  w3cCollection,
  w3cIri,
} from './w3c'
export { readW3c } from './w3c-import'
