/**
 * The one error the export package throws, with a code callers can branch on (the HTTP API
 * answers an unknown format or style with 400 and the list of known ones, an unreadable import
 * with 422 and its reason).
 */

/** Why an export or an import was refused. */
export type ExportErrorCode = 'unknown-format' | 'unknown-style' | 'invalid-import'

/** A refused export or import; `known` lists the accepted names when a name was unknown. */
export class ExportError extends Error {
  override readonly name = 'ExportError'
  readonly code: ExportErrorCode
  readonly known: string[]

  constructor(code: ExportErrorCode, message: string, known: string[] = []) {
    super(message)
    this.code = code
    this.known = known
  }
}
