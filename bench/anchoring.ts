/**
 * Benchmark scenario: resolving every anchor of a long, heavily edited document (its paragraphs
 * built from many random single-character inserts and deletions, so their Yjs items are
 * fragmented) in one pass, against one relative position call per endpoint.
 */
import { type Annotation, quoteAt, resolveAnchors } from '@warrant/annotations'
import { type ContentType, fragmentText, schema } from '@warrant/document'
import * as yProsemirror from 'y-prosemirror'
import * as Y from 'yjs'
import {
  type BenchRow,
  type MeasureOptions,
  measure,
  median,
  perAnchorPeer,
  type Random,
  row,
  type Scenario,
  seeded,
} from './measure'

/** The shape of one benchmark document. */
interface DocumentShape {
  paragraphs: number
  characters: number
  anchors: number
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz     .,'

/**
 * A content Y.Doc of `paragraphs` paragraphs holding about `characters` characters, typed one
 * character at a time at random places (every tenth edit deletes one to three instead).
 */
function fragmentedDocument(shape: DocumentShape, gen: Random): Y.Doc {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('prosemirror')
  const texts: Y.XmlText[] = []
  for (let i = 0; i < shape.paragraphs; i++) {
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    fragment.insert(i, [paragraph])
    texts.push(text)
  }
  let length = 0
  while (length < shape.characters) {
    const text = texts[gen.int(0, texts.length - 1)]!
    const at = gen.int(0, text.length)
    if (gen.int(0, 9) === 0 && text.length > at + 3) {
      const count = gen.int(1, 3)
      text.delete(at, count)
      length -= count
    } else {
      text.insert(at, ALPHABET[gen.int(0, ALPHABET.length - 1)]!)
      length += 1
    }
  }
  return doc
}

/** `count` annotations on random spans (5 to 60 characters, within a paragraph). */
function randomAnnotations(fragment: Y.XmlFragment, count: number, gen: Random): Annotation[] {
  const current = fragmentText(fragment)
  const position = (offset: number, assoc: number) => {
    const { type, index } = current.typeIndexAt(offset)
    return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, index, assoc))
  }
  const out: Annotation[] = []
  while (out.length < count) {
    const block = current.blocks[gen.int(0, current.blocks.length - 1)]!
    if (block.end - block.start < 61) continue
    const start = gen.int(block.start, block.end - 61)
    const end = start + gen.int(5, 60)
    const span = { start, end }
    out.push({
      id: `a${out.length}`,
      kind: 'claim',
      anchor: {
        ...quoteAt(current.text, span),
        start: position(start, 0),
        end: position(end, -1),
        position: span,
      },
      attributes: {},
      note: '',
      creator: 'bench',
      modifiedBy: 'bench',
      created: '2024-10-01T09:00:00.000Z',
      modified: '2024-10-01T09:00:00.000Z',
    })
  }
  return out
}

/** Resolves every endpoint with its own Y.createAbsolutePositionFromRelativePosition call (the cursor-plugin pattern). */
function perEndpoint(annotations: Annotation[], doc: Y.Doc, fragment: Y.XmlFragment): number[] {
  const current = fragmentText(fragment)
  const offsets: number[] = []
  for (const { anchor } of annotations) {
    for (const encoded of [anchor.start, anchor.end]) {
      const at = Y.createAbsolutePositionFromRelativePosition(
        Y.decodeRelativePosition(encoded),
        doc,
      )
      offsets.push(at ? (current.offsetOf(at.type as ContentType, at.index) ?? -1) : -1)
    }
  }
  return offsets
}

async function runShape(shape: DocumentShape, quick: boolean): Promise<BenchRow[]> {
  const gen = seeded(42)
  const doc = fragmentedDocument(shape, gen)
  const fragment = doc.getXmlFragment('prosemirror')
  const annotations = randomAnnotations(fragment, shape.anchors, gen)
  const timing: MeasureOptions = quick ? { warmup: 1, repeat: 3 } : { warmup: 1, repeat: 5 }
  const items = [...doc.store.clients.values()].reduce((n, structs) => n + structs.length, 0)
  const input = `${shape.paragraphs} paragraphs, ${fragmentText(fragment).text.length} chars, ${items} items`
  const endpoints = annotations.length * 2

  // The variants must agree before they are timed.
  const onePass = resolveAnchors(annotations, fragment)
  const baseline = perEndpoint(annotations, doc, fragment)
  annotations.forEach((a, i) => {
    const span = onePass.get(a.id)?.span
    if (
      onePass.get(a.id)?.health !== 'anchored' ||
      span?.start !== baseline[2 * i] ||
      span?.end !== baseline[2 * i + 1]
    ) {
      throw new Error(`one pass and per-endpoint resolution disagree on ${a.id}`)
    }
  })

  const onePassMs = measure(() => resolveAnchors(annotations, fragment), timing)
  const { mapping } = yProsemirror.initProseMirrorDoc(fragment, schema)
  const positions = annotations.flatMap(({ anchor }) =>
    [anchor.start, anchor.end].map((e) => Y.decodeRelativePosition(e)),
  )
  const yProsemirrorMs = measure(
    () =>
      positions.map((p) =>
        yProsemirror.relativePositionToAbsolutePosition(doc, fragment, p, mapping),
      ),
    timing,
  )
  return [
    row({
      scenario: 'anchoring',
      input,
      metric: `ms to resolve ${annotations.length} anchors`,
      warrant: median(onePassMs),
      peers: { [perAnchorPeer]: median(yProsemirrorMs) },
      target: '< 50 ms',
      runs: { Warrant: onePassMs, [perAnchorPeer]: yProsemirrorMs },
      notes: { endpoints },
    }),
  ]
}

/** The anchoring scenario: two document shapes (many short paragraphs, few long ones). */
export const anchoringScenario: Scenario = {
  name: 'anchoring',
  describe:
    'resolve every anchor endpoint of a fragmented document: one pass vs one call per endpoint',
  async run({ quick }) {
    const shapes: DocumentShape[] = quick
      ? [{ paragraphs: 20, characters: 10_000, anchors: 1_000 }]
      : [
          { paragraphs: 200, characters: 100_000, anchors: 10_000 },
          { paragraphs: 20, characters: 100_000, anchors: 10_000 },
        ]
    const rows: BenchRow[] = []
    for (const shape of shapes) rows.push(...(await runShape(shape, quick)))
    return rows
  },
}
