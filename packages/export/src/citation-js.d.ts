/**
 * Type declarations for the parts of citation-js Warrant uses: the packages ship none, and
 * strict TypeScript refuses an untyped import.
 */

declare module '@citation-js/core' {
  /** One cited item of an in-text citation, with its locator (CSL cite-item fields). */
  export interface CiteEntry {
    id: string
    locator?: string
    label?: string
    prefix?: string
    suffix?: string
  }

  /** Options of `Cite#format` for the `citation` and `bibliography` outputs of plugin-csl. */
  export interface CiteFormatOptions {
    format?: 'text' | 'html' | 'rtf'
    template?: string
    lang?: string
    entry?: string | string[] | CiteEntry[]
  }

  /** A set of bibliographic items, parsed once and formatted many times. */
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>)
    data: Array<Record<string, unknown>>
    format(format: 'citation' | 'bibliography', options?: CiteFormatOptions): string
    format(format: string, options?: Record<string, unknown>): unknown
  }
}

// A side-effect import that registers the `citation` and `bibliography` outputs with core.
declare module '@citation-js/plugin-csl' {}
