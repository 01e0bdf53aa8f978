/**
 * How the codebook's kinds look in the app: their labels and colours (a retired kind keeps
 * both), with a neutral colour and the bare key for a kind the codebook does not list, so
 * nothing disappears.
 */
import type { Codebook, Kind } from '@warrant/annotations'

const fallbackColour = '#8a8a8a'

/** The codebook entry of a kind key, if the codebook has one. */
export function kindOf(codebook: Codebook, key: string): Kind | undefined {
  return codebook.kinds.find((kind) => kind.key === key)
}

/** The kinds offered for tagging: every kind of the codebook that is not retired. */
export function taggableKinds(codebook: Codebook): Kind[] {
  return codebook.kinds.filter((kind) => kind.retired !== true)
}

/** The label of a kind key, or the key itself for an unknown kind. */
export function kindLabel(codebook: Codebook, key: string): string {
  return kindOf(codebook, key)?.label ?? key
}

/** The highlight colour of a kind key (a CSS colour). */
export function kindColour(codebook: Codebook, key: string): string {
  const colour = kindOf(codebook, key)?.colour
  // Only plain colour values reach a style attribute.
  return colour !== undefined && /^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(colour) ? colour : fallbackColour
}

/** A kind key made safe for a class name (`anno-<kind>`). */
export function kindClass(key: string): string {
  return key.replace(/[^a-z0-9_-]/gi, '-')
}

/** A short form of a quote for labels and options: whitespace collapsed, cut at `max` characters. */
export function shortQuote(quote: string, max = 90): string {
  const flat = quote.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`
}
