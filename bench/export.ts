/**
 * Benchmark scenario: exporting a heavily annotated document to every export format, each timed
 * from the export input to the finished body, against a bare JSON.stringify of the same claim
 * records as the floor, with the record building (claimsExport) on its own row.
 */
import { readFileSync } from 'node:fs'
import {
  addComment,
  createAnnotation,
  createRelation,
  type RelationType,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText, parseMarkdown, writeContent } from '@warrant/document'
import {
  type ClaimsInput,
  claimsExport,
  exportDocument,
  exportFormats,
  exportInput,
} from '@warrant/export'
import * as Y from 'yjs'
import {
  type BenchRow,
  type MeasureOptions,
  measure,
  median,
  row,
  type Scenario,
  seeded,
} from './measure'

/** The size of one benchmark document and the team's work on it. */
interface Workload {
  copies: number
  annotations: number
  relations: number
  comments: number
}

const briefFile = new URL(
  '../documents/kiep-north-korea-foreign-relations-2024.md',
  import.meta.url,
)

/** The KIEP brief's body `copies` times, each under its own title heading, as a content Y.Doc. */
function repeatedBrief(copies: number) {
  const source = readFileSync(briefFile, 'utf8')
  const split = source.indexOf('\n---\n', 4) + 5
  const body = source.slice(split)
  const parts = Array.from({ length: copies }, (_, n) =>
    body.replace(/^# (.*)$/m, `# $1 (part ${n + 1})`),
  )
  const { doc, record } = parseMarkdown(source.slice(0, split) + parts.join('\n'))
  const content = new Y.Doc()
  writeContent(doc, content)
  return { record: { ...record, id: 'kiep-2024', type: record.type ?? 'report' }, content }
}

/** The attributes a team fills in for the n-th annotation of a kind (sources recur across evidence). */
function attributesOf(kind: string, n: number): Record<string, unknown> {
  switch (kind) {
    case 'claim':
      return { claimType: ['factual', 'causal', 'assessment'][n % 3], status: 'supported' }
    case 'evidence':
      return n % 4 === 0
        ? { source: `https://example.org/reports/${n % 97}` }
        : {
            source: {
              type: 'article-journal',
              title: `Sanctions and Trade, Study ${n % 211}`,
              author: [{ family: `Author${n % 53}`, given: 'Min-jun' }],
              'container-title': 'Asian Survey',
              issued: { 'date-parts': [[2015 + (n % 10)]] },
            },
          }
    case 'prediction':
      return { due: `2024-${String(1 + (n % 12)).padStart(2, '0')}-15`, outcome: 'pending' }
    default:
      return { value: n % 1000, unit: 'percent', period: String(2010 + (n % 15)) }
  }
}

/** The export input of the repeated brief with a team's annotations, relations and comments. */
function annotatedInput(work: Workload): ClaimsInput {
  const gen = seeded(7)
  const { record, content } = repeatedBrief(work.copies)
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const paragraphs = fragmentText(fragment).blocks.filter((b) => b.end - b.start > 40)
  const annotations = new Y.Doc()
  const kinds = ['claim', 'claim', 'evidence', 'evidence', 'prediction', 'statistic']
  const byKind = new Map<string, string[]>(kinds.map((k) => [k, []]))
  const now = (n: number) => new Date(Date.UTC(2024, 10, 4, 9) + n * 1000).toISOString()
  for (let i = 0; i < work.annotations; i++) {
    const block = paragraphs[gen.int(0, paragraphs.length - 1)]!
    const length = gen.int(20, Math.min(200, block.end - block.start))
    const start = gen.int(block.start, block.end - length)
    const kind = kinds[i % kinds.length]!
    const { id } = createAnnotation(annotations, fragment, {
      kind,
      span: { start, end: start + length },
      creator: ['Ana', 'Ben', 'Chae'][i % 3]!,
      attributes: attributesOf(kind, i),
      note: i % 5 === 0 ? 'Check against the 2023 trade figures.' : '',
      now: now(i),
    })
    byKind.get(kind)!.push(id)
  }
  const pick = (kind: string) => {
    const ids = byKind.get(kind)!
    return ids[gen.int(0, ids.length - 1)]!
  }
  const links: Array<[RelationType, string, string]> = [
    ['supports', 'evidence', 'claim'],
    ['contradicts', 'evidence', 'claim'],
    ['qualifies', 'statistic', 'claim'],
    ['resolves', 'evidence', 'prediction'],
  ]
  for (let i = 0; i < work.relations; i++) {
    const [type, from, to] = links[i % links.length]!
    createRelation(annotations, {
      type,
      from: pick(from),
      to: pick(to),
      creator: 'Ben',
      now: now(i),
    })
  }
  let thread = { annotation: '', id: '' }
  for (let i = 0; i < work.comments; i++) {
    const reply = i % 3 === 2
    const comment = addComment(annotations, {
      annotation: reply ? thread.annotation : pick(kinds[i % kinds.length]!),
      parent: reply ? thread.id : null,
      text: reply ? 'Agreed; the figure is in the annex.' : 'Which table is this from?',
      creator: reply ? 'Ana' : 'Ben',
      now: now(i),
    })
    if (!reply) thread = comment
  }
  return exportInput({ id: 'kiep-2024', record, content, annotations }, { exportedAt: now(0) })
}

/** The scenario's rows on one workload: the floor, the record building, then every format. */
function runWorkload(work: Workload, quick: boolean): BenchRow[] {
  const input = annotatedInput(work)
  const start = performance.now()
  const { records } = claimsExport(input)
  const firstMs = performance.now() - start
  const timing: MeasureOptions = quick ? { warmup: 1, repeat: 3 } : { warmup: 2, repeat: 7 }
  const { relations, comments, text } = input
  const label = `${records.length} annotations, ${relations.length} relations, ${comments.length} comments, ${text?.length} chars`
  const megabytes = (body: string) => `${(Buffer.byteLength(body) / 2 ** 20).toFixed(1)} MB`
  const floorMs = measure(() => JSON.stringify(records), timing)
  const floor = median(floorMs)
  const rows: BenchRow[] = []
  const add = (metric: string, runsMs: number[], target?: string) =>
    rows.push(
      row({
        scenario: 'export',
        input: label,
        metric,
        warrant: median(runsMs),
        floor,
        target,
        runs: { Warrant: runsMs, floor: floorMs },
        notes: { 'floor bytes': megabytes(JSON.stringify(records)) },
      }),
    )
  // Timed once: citeproc formats each paragraph's citation on first use, then it is cached.
  add('ms, claim records, first call (citations uncached)', [firstMs])
  add(
    'ms, claim records',
    measure(() => claimsExport(input), timing),
  )
  for (const name of Object.keys(exportFormats)) {
    const size = megabytes(exportDocument(name, input).body)
    add(
      `ms, ${name} (${size})`,
      measure(() => exportDocument(name, input), timing),
      name === 'json' ? '≤ 1.5× floor' : undefined,
    )
  }
  return rows
}

/** The export scenario: 10,000 annotations on about 100,000 characters (1,000 when quick). */
export const exportScenario: Scenario = {
  name: 'export',
  describe: 'export every annotation to each format, against JSON.stringify of the same records',
  run({ quick }) {
    const work: Workload = quick
      ? { copies: 1, annotations: 1_000, relations: 300, comments: 100 }
      : { copies: 7, annotations: 10_000, relations: 3_000, comments: 1_000 }
    return runWorkload(work, quick)
  },
}
