/**
 * The one error the export package throws, with a code callers can branch on (the HTTP API
 * answers an unknown format with 400 and the list of known ones).
 */

/** Why an export was refused. */
export type ExportErrorCode = 'unknown-format'

/** A refused export; `formats` lists the known formats when the format was unknown. */
export class ExportError extends Error {
  override readonly name = 'ExportError'
  readonly code: ExportErrorCode
  readonly formats: string[]

  constructor(code: ExportErrorCode, message: string, formats: string[] = []) {
    super(message)
    this.code = code
    this.formats = formats
  }
}
