/**
 * A small annotated brief as plain data (no Yjs): the canonical text and its blocks, annotations
 * with stand-in relative positions, their resolved anchors, relations and a thread, so export
 * tests read like the claim records they check.
 */
import type { Annotation, Comment, Relation, ResolvedAnchor, TextSpan } from '@warrant/annotations'
import type { CslItem, TextBlock } from '@warrant/document'
import type { ClaimsInput } from './claims'

/** The brief's bibliographic record, as imported from its front matter. */
export const kiepRecord: CslItem = {
  id: 'kiep-2024-north-korea',
  type: 'report',
  title: "North Korea's Foreign Relations in the Second Half of 2024 to Cope with Crisis",
  author: [{ family: 'Choi', given: 'Jangho' }],
  publisher: 'Korea Institute for International Economic Policy',
  issued: { 'date-parts': [[2024]] },
  URL: 'https://www.kiep.go.kr',
}

/** A journal article with two authors, an umlaut, curly quotes and an en dash. */
export const article: CslItem = {
  id: 'muller-park-2021',
  type: 'article-journal',
  title: 'Sanctions and “smuggling” in North Korea’s trade, 2010–2020',
  author: [
    { family: 'Müller', given: 'Anna' },
    { family: 'Park', given: 'Min-jun' },
  ],
  'container-title': 'Journal of East Asian Studies',
  volume: '21',
  issue: '2',
  page: '145-167',
  issued: { 'date-parts': [[2021, 6]] },
  DOI: '10.1017/jea.2021.5',
}

/** The brief's textblocks: [text, heading level or null for a paragraph]. */
const outline: Array<[string, number | null]> = [
  ["North Korea's Foreign Relations", 1],
  ['North Korea is facing a crisis on several fronts at once.', null],
  ['Relations with Russia', 2],
  ['Pyongyang deepened its alignment with Moscow throughout 2024.', null],
  ['The two signed a treaty on comprehensive strategic partnership in June.', null],
  ['Trade with China', 2],
  ["North Korea's exports to China fell by 86.3 percent over the decade.", null],
  ['A summit between the two is expected on 6 October 2024.', null],
]

/** Canonical text and blocks of an outline, built the way @warrant/document builds them. */
function canonical(blocks: Array<[string, number | null]>): { text: string; blocks: TextBlock[] } {
  const out: TextBlock[] = []
  const headings: Array<{ level: number; text: string }> = []
  let offset = 0
  let paragraphs = 0
  for (const [text, heading] of blocks) {
    if (heading !== null) {
      while (headings.length > 0 && headings[headings.length - 1]!.level >= heading) headings.pop()
      headings.push({ level: heading, text })
    }
    out.push({
      start: offset,
      end: offset + text.length,
      heading,
      paragraph: heading === null ? ++paragraphs : null,
      headingPath: headings.map((h) => h.text),
      page: null,
    })
    offset += text.length + 1
  }
  return { text: blocks.map(([text]) => text).join('\n'), blocks: out }
}

export const { text: briefText, blocks: briefBlocks } = canonical(outline)

/** The span of the one occurrence of `exact` in the brief. */
export function spanOf(exact: string): TextSpan {
  const start = briefText.indexOf(exact)
  if (start < 0 || briefText.indexOf(exact, start + 1) >= 0) throw new Error(`not unique: ${exact}`)
  return { start, end: start + exact.length }
}

let fakeClock = 0

/** An annotation whose anchor was captured from `text` at `span` (relative positions are stand-ins). */
function annotation(id: string, kind: string, text: string, span: TextSpan): Annotation {
  fakeClock += 1
  const created = `2024-11-0${fakeClock}T09:00:00.000Z`
  return {
    id,
    kind,
    anchor: {
      start: new Uint8Array([1, fakeClock, 0]),
      end: new Uint8Array([1, fakeClock, 1]),
      exact: text.slice(span.start, span.end),
      prefix: text.slice(Math.max(0, span.start - 32), span.start),
      suffix: text.slice(span.end, span.end + 32),
      position: span,
    },
    attributes: {},
    note: '',
    creator: 'Ana',
    created,
    modified: created,
    modifiedBy: 'Ana',
  }
}

// The text as it read when the evidence and the orphan were annotated (before an edit).
const earlierText = briefText
  .replace('86.3 percent', '86 percent')
  .replace('over the decade.', 'over the decade, while imports grew by 12 percent.')

const claim = annotation(
  'a-claim',
  'claim',
  briefText,
  spanOf('Pyongyang deepened its alignment with Moscow'),
)
claim.attributes = { claimType: 'assessment', status: 'unverified' }
claim.note = 'Check against the treaty text.'
claim.modified = '2024-11-09T15:30:00.000Z'
claim.modifiedBy = 'Ben'
const evidenceSpan = earlierText.indexOf('fell by 86 percent')
const evidence = annotation('a-evidence', 'evidence', earlierText, {
  start: evidenceSpan,
  end: evidenceSpan + 'fell by 86 percent'.length,
})
const orphanSpan = earlierText.indexOf('imports grew by 12 percent')
const orphan = annotation('a-orphan', 'statistic', earlierText, {
  start: orphanSpan,
  end: orphanSpan + 'imports grew by 12 percent'.length,
})
const prediction = annotation(
  'a-prediction',
  'prediction',
  briefText,
  spanOf('expected on 6 October 2024'),
)

/** Where each annotation resolves in today's text. */
const anchors = new Map<string, ResolvedAnchor>([
  ['a-claim', { health: 'anchored', span: claim.anchor.position, text: claim.anchor.exact }],
  [
    'a-evidence',
    {
      health: 'drifted',
      span: spanOf('fell by 86.3 percent'),
      text: 'fell by 86.3 percent',
    },
  ],
  ['a-orphan', { health: 'orphaned', span: null, text: '' }],
  [
    'a-prediction',
    { health: 'anchored', span: prediction.anchor.position, text: prediction.anchor.exact },
  ],
])

const relations: Relation[] = [
  {
    id: 'r-supports',
    type: 'supports',
    from: 'a-evidence',
    to: 'a-claim',
    note: '',
    creator: 'Ben',
    created: '2024-11-10T10:00:00.000Z',
  },
  {
    id: 'r-contradicts',
    type: 'contradicts',
    from: 'a-orphan',
    to: 'a-claim',
    note: 'Imports tell another story.',
    creator: 'Ben',
    created: '2024-11-10T10:05:00.000Z',
  },
  {
    id: 'r-qualifies',
    type: 'qualifies',
    from: 'a-evidence',
    to: 'a-claim',
    note: 'Trade fell even as ties deepened.',
    creator: 'Ana',
    created: '2024-11-10T10:07:00.000Z',
  },
  {
    id: 'r-dangling',
    type: 'supports',
    from: 'a-deleted',
    to: 'a-prediction',
    note: '',
    creator: 'Ana',
    created: '2024-11-10T10:10:00.000Z',
  },
]

const comments: Comment[] = [
  {
    id: 'c-reply',
    annotation: 'a-prediction',
    parent: 'c-question',
    text: 'It took place on 6 October.',
    creator: 'Ana',
    created: '2024-11-12T08:00:00.000Z',
    modified: '2024-11-12T08:00:00.000Z',
    modifiedBy: 'Ana',
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  },
  {
    id: 'c-question',
    annotation: 'a-prediction',
    parent: null,
    text: 'Did the summit happen?',
    creator: 'Ben',
    created: '2024-11-11T08:00:00.000Z',
    modified: '2024-11-11T08:10:00.000Z',
    modifiedBy: 'Ben',
    resolved: true,
    resolvedBy: 'Ana',
    resolvedAt: '2024-11-12T08:05:00.000Z',
  },
]

/** The export input of the brief: annotations listed out of document order on purpose. */
export function briefInput(): ClaimsInput {
  return {
    document: {
      id: 'north-korea-2024',
      title: kiepRecord.title as string,
      version: 'v0123456789abcdef',
      citation: kiepRecord,
    },
    blocks: briefBlocks,
    annotations: [orphan, prediction, evidence, claim],
    relations,
    comments,
    anchors,
    exportedAt: '2024-12-01T12:00:00.000Z',
  }
}
