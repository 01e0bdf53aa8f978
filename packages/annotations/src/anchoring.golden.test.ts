import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseMarkdown } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import { resolveAnchors } from './anchoring'
import { matchQuote } from './quote'
import {
  blockIndexOf,
  deleteBlock,
  deleteText,
  insertParagraph,
  insertText,
  offsetOfText,
  type Replica,
  replicas,
  splitParagraph,
  syncAll,
  textOf,
} from './replicas.testkit'
import { createAnnotation, listAnnotations } from './store'

const briefPath = fileURLToPath(
  new URL('../../../documents/kiep-north-korea-foreign-relations-2024.md', import.meta.url),
)

/** Passages of the brief a team tags, by kind and exact quote. */
const passages: Array<[kind: string, exact: string]> = [
  ['statistic', 'North Korean exports fell by 86.3 percent year-on-year'],
  ['claim', 'The decline in North Korean trade is an effect of the UN sanctions.'],
  ['source', 'UNSCR 2321 (30 November 2016)'],
  ['actor', 'Wang Yajun'],
  ['prediction', 'Russian President Putin is expected to visit North Korea on 18-19 May'],
  ['claim', 'The first half of 2024 was no different.'],
  ['prediction', 'a summit between North Korea and China is expected on 6 October 2024'],
  [
    'recommendation',
    'The international community should use the resumption of economic cooperation between North Korea and Russia as a basis for pressuring North Korea.',
  ],
]

/** A scripted editing session: two editors change the brief at the same time. */
function edit(a: Replica, b: Replica): void {
  // Around the statistic: a note typed right after it, the sentence before it shortened.
  insertText(a, offsetOfText(a, ', and North Korean imports fell'), ' (KITA)')
  deleteText(b, offsetOfText(b, 'A number of previous studies'), 'A number of '.length)
  // Inside the claim: it is hedged.
  insertText(b, offsetOfText(b, 'an effect of the UN sanctions'), 'largely ')
  // Before the source: a new opening paragraph.
  insertParagraph(a, 1, 'Summary prepared for the reading group.')
  // The actor's passage is deleted.
  deleteText(b, offsetOfText(b, 'Wang Yajun, '), 'Wang Yajun, '.length)
  // The paragraph of the May prediction is split well before it (y-prosemirror#204).
  const may = blockIndexOf(a, 'The closest possible date')
  splitParagraph(a, may, 'North Korea and Russia appear to be looking to resolve tensions'.length)
  // A claim's sentence is moved into another paragraph, where its context differs.
  deleteText(a, offsetOfText(a, ' The first half of 2024 was no different.'), 41)
  insertText(
    b,
    offsetOfText(b, 'There are three major events'),
    'The first half of 2024 was no different. ',
  )
  // The paragraph of the October prediction is deleted.
  deleteBlock(b, blockIndexOf(b, 'The same goes for summits'))
}

describe('anchoring the brief through a scripted editing session', () => {
  it('resolves the annotated passages as the golden file records', async () => {
    const { doc } = parseMarkdown(readFileSync(briefPath, 'utf8'))
    const all = replicas(doc, 2)
    const [a, b] = all as [Replica, Replica]
    const text = textOf(a)
    for (const [i, [kind, exact]] of passages.entries()) {
      const match = matchQuote(text, { exact })
      if (!('span' in match)) throw new Error(`"${exact}" is not unique in the brief`)
      const now = new Date(Date.UTC(2024, 9, 1, 9, 0, i)).toISOString()
      createAnnotation(a.annotations, a.fragment, {
        kind,
        span: match.span,
        creator: 'golden',
        id: `passage-${i + 1}`,
        now,
      })
    }
    syncAll(all)
    edit(a, b)
    syncAll(all)

    const results = all.map((replica) => {
      const annotations = listAnnotations(replica.annotations)
      const anchors = resolveAnchors(annotations, replica.fragment)
      return annotations.map(({ id, kind, anchor }) => ({
        id,
        kind,
        quote: anchor.exact,
        ...anchors.get(id)!,
      }))
    })
    expect(results[1]).toEqual(results[0])
    const edited = textOf(a)
    for (const { span, text } of results[0]!) {
      expect(span ? edited.slice(span.start, span.end) : '').toBe(text)
    }
    await expect(`${JSON.stringify(results[0], null, 2)}\n`).toMatchFileSnapshot(
      './__golden__/brief-anchors.json',
    )
  })
})
