/**
 * A document's settings (today, the citation style its exports default to), kept in its content
 * Y.Doc beside the codebook, so every editor sees a change at once and it travels with the text.
 */
import type * as Y from 'yjs'

/** Name of the Y.Map of settings in the content Y.Doc. */
export const SETTINGS = 'settings'

/** A document's settings; null means "the default". */
export interface DocumentSettings {
  /** Name of the citation style exports use unless they ask for another. */
  citationStyle: string | null
}

/** The settings of a content Y.Doc (defaults where unset or malformed). */
export function readSettings(content: Y.Doc): DocumentSettings {
  const style = content.getMap<unknown>(SETTINGS).get('citationStyle')
  return { citationStyle: typeof style === 'string' && style !== '' ? style : null }
}

/** Writes the given settings (null clears one back to the default), in one transaction. */
export function writeSettings(
  content: Y.Doc,
  patch: Partial<DocumentSettings>,
  origin?: unknown,
): DocumentSettings {
  const map = content.getMap<unknown>(SETTINGS)
  content.transact(() => {
    if (patch.citationStyle === undefined) return
    if (patch.citationStyle === null) map.delete('citationStyle')
    else map.set('citationStyle', patch.citationStyle)
  }, origin)
  return readSettings(content)
}
