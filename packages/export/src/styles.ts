/**
 * The citation styles an export can cite in, formatted from the CSL files vendored in
 * ../styles rather than the styles plugin-csl ships, so an upgrade of citation-js cannot change
 * how a document cites; each is registered under a name of its own, apart from plugin-csl's 'apa'.
 */
/// <reference path="./citation-js.d.ts" />
import { readFileSync } from 'node:fs'
import { plugins } from '@citation-js/core'
import '@citation-js/plugin-csl'
import { ExportError } from './error'

/** A citation style a document can be cited in. */
export type CitationStyle = 'apa' | 'chicago-author-date' | 'mla'

/** Every citation style, the default (APA) first. */
export const citationStyles: readonly CitationStyle[] = ['apa', 'chicago-author-date', 'mla']

/** Each style's name in menus. */
export const citationStyleLabels: Readonly<Record<CitationStyle, string>> = {
  apa: 'APA (7th edition)',
  'chicago-author-date': 'Chicago author-date (18th edition)',
  mla: 'MLA (9th edition)',
}

/** The vendored CSL file of each style, in packages/export/styles. */
const styleFiles: Readonly<Record<CitationStyle, string>> = {
  apa: 'apa.csl',
  'chicago-author-date': 'chicago-author-date.csl',
  mla: 'modern-language-association.csl',
}

/** The locale every style is formatted in, replacing plugin-csl's copy with the vendored one. */
export const CITATION_LANG = 'en-US'
const LOCALE_FILE = 'locales-en-US.xml'

let localeLoaded = false

/** Whether a string names a known citation style. */
export function isCitationStyle(name: string): name is CitationStyle {
  return (citationStyles as readonly string[]).includes(name)
}

/** The style a name stands for; an unknown name is an ExportError('unknown-style'). */
export function parseCitationStyle(name: string): CitationStyle {
  if (isCitationStyle(name)) return name
  throw new ExportError(
    'unknown-style',
    `unknown citation style '${name}'; known styles: ${citationStyles.join(', ')}`,
    [...citationStyles],
  )
}

/** The citation-js template name of a style, registering its vendored CSL file on first use. */
export function styleTemplate(style: CitationStyle): string {
  const known = parseCitationStyle(style)
  const template = `warrant-${known}`
  const csl = plugins.config.get('@csl')
  if (!localeLoaded) {
    csl.locales.add(CITATION_LANG, vendored(LOCALE_FILE))
    localeLoaded = true
  }
  if (!csl.styles.has(template)) csl.styles.add(template, vendored(styleFiles[known]))
  return template
}

/** The text of a vendored style or locale file. */
export function vendored(file: string): string {
  return readFileSync(new URL(`../styles/${file}`, import.meta.url), 'utf8')
}
