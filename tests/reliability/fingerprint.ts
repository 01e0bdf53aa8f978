/**
 * A comparable summary of a document's two Yjs docs, for telling whether replicas converged:
 * the state vectors and delete sets (which ids each holds) and the content itself (the text as
 * XML and as canonical plain text, the codebook and settings, every annotation, relation and
 * comment record), with object keys sorted so that the order updates arrived in does not show.
 */
import { ANNOTATIONS, CODEBOOK, COMMENTS, RELATIONS } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText, SETTINGS } from '@warrant/document'
import * as Y from 'yjs'

/** The same JSON value with every object's keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )
    return Object.fromEntries(entries.map(([key, inner]) => [key, canonical(inner)]))
  }
  return value
}

/** Which ids a doc holds: its state vector and delete set, sorted by client id. */
function idsHeld(doc: Y.Doc): unknown {
  const vector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)
  const deleted = [...Y.createDeleteSetFromStructStore(doc.store).clients]
    .sort(([a], [b]) => a - b)
    .map(([client, items]) => [client, items.map((item) => [item.clock, item.len])])
  return { vector, deleted }
}

/** The summary of a document as `content` and `annotations` hold it, as one string. */
export function fingerprint(content: Y.Doc, annotations: Y.Doc): string {
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  return JSON.stringify(
    canonical({
      content: {
        ids: idsHeld(content),
        xml: fragment.toString(),
        text: fragmentText(fragment).text,
        codebook: content.getMap(CODEBOOK).toJSON(),
        settings: content.getMap(SETTINGS).toJSON(),
      },
      annotations: {
        ids: idsHeld(annotations),
        annotations: annotations.getMap(ANNOTATIONS).toJSON(),
        relations: annotations.getMap(RELATIONS).toJSON(),
        comments: annotations.getMap(COMMENTS).toJSON(),
      },
    }),
  )
}
