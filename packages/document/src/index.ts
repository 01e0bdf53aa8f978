export { blockIndexAt, type TextBlock } from './blocks'
export { readContent, writeContent } from './content'
export { type CslDate, type CslItem, type CslName, cslDateFields, cslNameFields } from './csl'
export {
  CONTENT_FRAGMENT,
  type ContentType,
  type FragmentText,
  fragmentText,
  type TypeIndex,
} from './fragment'
export { type HtmlImportOptions, parseHtml } from './html'
export {
  ImportError,
  type ImportErrorCode,
  type ImportedDocument,
  type SourceType,
  sourceTypeOf,
  sourceTypes,
} from './importing'
export { safeHref } from './links'
export { type Locator, locate } from './locator'
export { parseMarkdown } from './markdown'
export { type PdfImportOptions, parsePdf } from './pdf'
export { parseText } from './plaintext'
export { schema } from './schema'
export { type DocumentSettings, readSettings, SETTINGS, writeSettings } from './settings'
export { type ImportSourceOptions, importSource } from './sources'
export { type TextMap, textblockText, textMap } from './text'
export { versionId } from './version'
