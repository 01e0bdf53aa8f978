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

  /** A RIS record as plugin-ris builds it before writing: tag to value(s). */
  export type RisRecord = Record<string, string | string[]>

  /** Options of `new Cite`: `forceType` names the input format instead of guessing it. */
  export interface CiteOptions {
    forceType?: string
  }

  /** A set of bibliographic items, parsed once and formatted many times. */
  export class Cite {
    constructor(data: unknown, options?: CiteOptions)
    data: Array<Record<string, unknown>>
    format(format: 'citation' | 'bibliography', options?: CiteFormatOptions): string
    format(format: 'bibtex', options?: { format?: 'text' }): string
    format(format: 'ris', options: { format: 'object' }): RisRecord[]
    format(format: string, options?: Record<string, unknown>): unknown
  }

  /** A named store of a plugin's settings (styles, locales) that can be added to. */
  export interface Register<T> {
    add(key: string, value: T): this
    get(key: string): T | undefined
    has(key: string): boolean
    list(): string[]
  }

  /** The settings of plugin-csl: CSL styles (templates) and locales, as XML text by name. */
  export interface CslConfig {
    styles: Register<string>
    locales: Register<string>
  }

  /** The plugin registry; only plugin-csl's configuration is used. */
  export const plugins: {
    config: {
      get(ref: '@csl'): CslConfig
    }
  }
}

// Side-effect imports that register the plugins' inputs and outputs with core.
declare module '@citation-js/plugin-csl' {}
declare module '@citation-js/plugin-bibtex' {}
declare module '@citation-js/plugin-ris' {}
