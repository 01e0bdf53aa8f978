/**
 * The editor benchmark's document, built in Node and handed to the page as two Yjs updates:
 * the KIEP brief lengthened by repeating its paragraphs to the wanted length, and a team's
 * annotations on it (every kind of the default codebook, seeded random spans from a phrase to a
 * passage, a share of them nested inside or overlapping an earlier one), anchored the way
 * `createAnnotation` anchors them but reading the canonical text once rather than per annotation.
 */
import { readFileSync } from 'node:fs'
import { type Anchor, insertAnnotation, quoteAt } from '@warrant/annotations'
import {
  CONTENT_FRAGMENT,
  type FragmentText,
  fragmentText,
  parseMarkdown,
  writeContent,
} from '@warrant/document'
import * as Y from 'yjs'
import { type Random, seeded } from '../measure'

/** Options of `editorWorkload`. */
export interface EditorWorkloadOptions {
  /** About how many characters of text. */
  characters: number
  annotations: number
}

/** The content and annotations, encoded as updates, with what they hold. */
export interface EditorWorkload {
  content: Uint8Array
  annotations: Uint8Array
  characters: number
  count: number
  /** How many annotations sit inside an earlier one, and how many cross an earlier one's edge. */
  nested: number
  overlapping: number
}

const briefFile = new URL(
  '../../documents/kiep-north-korea-foreign-relations-2024.md',
  import.meta.url,
)

// Kinds in the proportions a team tags a brief with: mostly claims and evidence.
const kinds = [
  ...Array<string>(6).fill('claim'),
  ...Array<string>(5).fill('evidence'),
  'statistic',
  'statistic',
  'prediction',
  'source',
  'actor',
  'actor',
  'recommendation',
]
const creators = ['Ana', 'Ben', 'Chae', 'Dara']

/** The brief's markdown with its body's paragraphs repeated until it has about `characters`. */
function lengthenedBrief(characters: number): string {
  const source = readFileSync(briefFile, 'utf8')
  const split = source.indexOf('\n---\n', 4) + 5
  const chunks = source
    .slice(split)
    .split(/\n{2,}/)
    .filter((chunk) => chunk.trim() !== '')
  const out: string[] = []
  let length = 0
  for (let i = 0; length < characters; i++) {
    const part = Math.floor(i / chunks.length) + 1
    let chunk = chunks[i % chunks.length]!
    if (part > 1) chunk = chunk.replace(/^# (.*)$/m, `# $1 (part ${part})`)
    out.push(chunk)
    length += chunk.length + 1
  }
  return `${source.slice(0, split)}\n${out.join('\n\n')}\n`
}

function attributesOf(kind: string, n: number): Record<string, unknown> {
  switch (kind) {
    case 'claim':
      return { claimType: ['factual', 'causal', 'assessment'][n % 3], status: 'unverified' }
    case 'evidence':
      return { source: `https://example.org/reports/${n % 97}` }
    case 'prediction':
      return { due: `2025-${String(1 + (n % 12)).padStart(2, '0')}-15`, outcome: 'pending' }
    case 'statistic':
      return { value: n % 1000, unit: 'percent', period: String(2010 + (n % 15)) }
    case 'actor':
      return { name: ['Kim Jong Un', 'Vladimir Putin', 'Xi Jinping'][n % 3] }
    default:
      return {}
  }
}

/** A span length as analysts tag: a phrase most often, then a sentence, now and then a passage. */
function spanLength(gen: Random): number {
  const r = gen.int(0, 99)
  if (r < 50) return gen.int(8, 60)
  if (r < 85) return gen.int(60, 180)
  return gen.int(180, 400)
}

/** The anchor of a span, as `anchorAt` builds it, from a canonical text read once for all. */
function anchorOf(text: FragmentText, start: number, end: number): Anchor {
  const from = text.typeIndexAt(start)
  const to = text.typeIndexAt(end)
  return {
    ...quoteAt(text.text, { start, end }),
    start: Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(from.type, from.index, 0),
    ),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(to.type, to.index, -1)),
    position: { start, end },
  }
}

/** Builds the lengthened brief and `options.annotations` annotations on it. */
export function editorWorkload(options: EditorWorkloadOptions): EditorWorkload {
  const gen = seeded(11)
  const { doc } = parseMarkdown(lengthenedBrief(options.characters))
  const content = new Y.Doc()
  writeContent(doc, content)
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const text = fragmentText(fragment)
  const blocks = text.blocks.filter((b) => b.end - b.start >= 12)
  const annotations = new Y.Doc()
  const spans: Array<{ start: number; end: number; blockEnd: number }> = []
  let nested = 0
  let overlapping = 0
  for (let i = 0; i < options.annotations; i++) {
    const r = gen.int(0, 99)
    const earlier = spans.length > 0 ? spans[gen.int(0, spans.length - 1)]! : null
    let span: { start: number; end: number; blockEnd: number }
    if (earlier !== null && r < 15 && earlier.end - earlier.start >= 12) {
      // Nested: a shorter passage inside an earlier one.
      const length = gen.int(4, earlier.end - earlier.start - 2)
      const start = gen.int(earlier.start, earlier.end - length)
      span = { start, end: start + length, blockEnd: earlier.blockEnd }
      nested++
    } else if (
      earlier !== null &&
      r < 25 &&
      earlier.end - earlier.start >= 2 &&
      earlier.blockEnd - earlier.end >= 5
    ) {
      // Overlapping: starts inside an earlier one and runs past its end.
      const start = gen.int(earlier.start + 1, earlier.end - 1)
      const end = Math.min(earlier.blockEnd, earlier.end + gen.int(5, 80))
      span = { start, end, blockEnd: earlier.blockEnd }
      overlapping++
    } else {
      const block = blocks[gen.int(0, blocks.length - 1)]!
      const length = Math.min(spanLength(gen), block.end - block.start)
      const start = gen.int(block.start, block.end - length)
      span = { start, end: start + length, blockEnd: block.end }
    }
    spans.push(span)
    const kind = kinds[i % kinds.length]!
    const creator = creators[gen.int(0, creators.length - 1)]!
    const now = new Date(Date.UTC(2024, 10, 4, 9) + i * 1000).toISOString()
    insertAnnotation(annotations, {
      id: `bench-${i}`,
      kind,
      anchor: anchorOf(text, span.start, span.end),
      attributes: attributesOf(kind, i),
      note: i % 7 === 0 ? 'Check against the 2023 trade figures.' : '',
      creator,
      created: now,
      modified: now,
      modifiedBy: creator,
    })
  }
  return {
    content: Y.encodeStateAsUpdate(content),
    annotations: Y.encodeStateAsUpdate(annotations),
    characters: text.text.length,
    count: options.annotations,
    nested,
    overlapping,
  }
}
