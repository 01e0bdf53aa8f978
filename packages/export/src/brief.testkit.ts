/**
 * The KIEP brief as it lives in Warrant (content and annotations Y.Docs) with a team's work on
 * it: claims, evidence with a source, a prediction, a statistic, a source and an actor, all six
 * relation types, a resolved thread with a reply, and an orphan whose passage was deleted; as
 * imported from Markdown (no pages), or laid out on pages as a PDF import gives it.
 */
import { readFileSync } from 'node:fs'
import {
  addComment,
  createAnnotation,
  createRelation,
  setCommentResolved,
} from '@warrant/annotations'
import {
  CONTENT_FRAGMENT,
  type CslItem,
  fragmentText,
  parseMarkdown,
  writeContent,
} from '@warrant/document'
import * as Y from 'yjs'
import type { ExportSource } from './input'

const briefFile = new URL(
  '../../../documents/kiep-north-korea-foreign-relations-2024.md',
  import.meta.url,
)

/** Options of the brief fixtures: `perPage` lays the brief out on pages of that many paragraphs. */
export interface BriefOptions {
  perPage?: number
}

type Doc = ReturnType<typeof parseMarkdown>['doc']

/** The page of the paragraph after `paragraphs` paragraphs, `perPage` paragraphs a page. */
export function pageAfter(paragraphs: number, perPage: number): number {
  return Math.floor(paragraphs / perPage) + 1
}

/**
 * The document with a `page` on every textblock, as a PDF import sets them: `perPage`
 * paragraphs a page, a heading on the page of the paragraph that follows it.
 */
function paginate(doc: Doc, perPage: number): Doc {
  let paragraphs = 0
  const walk = (node: Doc): Doc => {
    if (node.isTextblock) {
      const page = pageAfter(paragraphs, perPage)
      if (node.type.name !== 'heading') paragraphs += 1
      return node.type.create({ ...node.attrs, page }, node.content, node.marks)
    }
    let content = node.content
    node.content.forEach((child, _, i) => {
      content = content.replaceChild(i, walk(child))
    })
    return node.copy(content)
  }
  return walk(doc)
}

/** A fresh copy of the brief: its record and its content as a new Y.Doc. */
export function freshBrief(options: BriefOptions = {}): { record: CslItem; content: Y.Doc } {
  const { doc, record } = parseMarkdown(readFileSync(briefFile, 'utf8'))
  const content = new Y.Doc()
  writeContent(options.perPage ? paginate(doc, options.perPage) : doc, content)
  return { record: { ...record, id: 'kiep-2024', type: record.type ?? 'report' }, content }
}

/** The span of the one occurrence of `exact` in a content doc's canonical text. */
export function spanIn(content: Y.Doc, exact: string): { start: number; end: number } {
  const { text } = fragmentText(content.getXmlFragment(CONTENT_FRAGMENT))
  const start = text.indexOf(exact)
  if (start < 0 || text.indexOf(exact, start + 1) >= 0) throw new Error(`not unique: ${exact}`)
  return { start, end: start + exact.length }
}

/** Deletes the one occurrence of `exact` from the content (within one paragraph). */
export function deletePassage(content: Y.Doc, exact: string): void {
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const { start } = spanIn(content, exact)
  const { type, index } = fragmentText(fragment).typeIndexAt(start)
  if (!(type instanceof Y.XmlText)) throw new Error(`"${exact}" is not in a paragraph's text`)
  type.delete(index, exact.length)
}

/** Times of the team's work, one a minute, so records compare exactly. */
function minute(n: number): string {
  return new Date(Date.UTC(2024, 10, 4, 9, n)).toISOString()
}

/** The annotated brief: every kind of record an export must carry, and an orphan. */
export function annotatedBrief(options: BriefOptions = {}): ExportSource {
  const { record, content } = freshBrief(options)
  const annotations = new Y.Doc()
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  let clock = 0
  const tag = (
    kind: string,
    exact: string,
    attributes: Record<string, unknown> = {},
    note = '',
  ): string =>
    createAnnotation(annotations, fragment, {
      kind,
      span: spanIn(content, exact),
      creator: clock % 2 === 0 ? 'Ana' : 'Ben',
      attributes,
      note,
      now: minute(++clock),
    }).id
  const link = (type: Parameters<typeof createRelation>[1]['type'], from: string, to: string) =>
    createRelation(annotations, { type, from, to, creator: 'Ben', now: minute(++clock) })

  const claim = tag(
    'claim',
    'UN sanctions have had a statistically significant adverse impact on the North Korean economy',
    { claimType: 'causal', status: 'supported' },
    'Central claim of the brief.',
  )
  const exports = tag('evidence', 'North Korean exports fell by 86.3 percent year-on-year', {
    source: {
      type: 'article-journal',
      title: 'The Impact of UN Sanctions on North Korean Trade',
      author: [
        { family: 'Kim', given: 'Suk Hi' },
        { family: 'Müller', given: 'Eva' },
      ],
      'container-title': 'Asian Survey',
      issued: { 'date-parts': [[2021]] },
    },
  })
  const imports = tag(
    'evidence',
    "In December 2023, North Korea's imports from the PRC exceeded $200 million",
    {
      source: 'https://kita.net/trade/north-korea',
    },
  )
  const resilience = tag(
    'evidence',
    "has been an important pillar of North Korea's resilience against the complex crisis",
  )
  tag('statistic', 'North Korean imports fell by 31.2 percent', {
    value: 31.2,
    unit: 'percent',
    period: '2018',
  })
  const prediction = tag(
    'prediction',
    'a summit between North Korea and China is expected on 6 October 2024',
    { due: '2024-10-06', outcome: 'incorrect', resolution: 'No summit took place.' },
  )
  const settled = tag('evidence', 'The first half of 2024 was no different.')
  const source = tag('source', 'UNSCR 2397 (22 December 2017)', {
    item: { type: 'legislation', title: 'UNSCR 2397' },
  })
  const actor = tag('actor', 'North Korean leader Kim Jong Un', {
    name: 'Kim Jong Un',
    wikidata: 'Q56226',
  })
  const orphan = tag('statistic', 'no more than 300 people', { value: 300, unit: 'people' })

  link('supports', exports, claim)
  link('contradicts', imports, claim)
  link('qualifies', resilience, claim)
  link('cites', claim, source)
  link('about', prediction, actor)
  link('resolves', settled, prediction)
  link('supports', orphan, claim)

  const question = addComment(annotations, {
    annotation: prediction,
    text: 'Did the summit happen?',
    creator: 'Ben',
    now: minute(++clock),
  })
  addComment(annotations, {
    annotation: prediction,
    parent: question.id,
    text: 'No; see the resolving evidence.\nClosing this.',
    creator: 'Ana',
    now: minute(++clock),
  })
  setCommentResolved(annotations, question.id, true, { editor: 'Ana', now: minute(++clock) })
  addComment(annotations, {
    annotation: claim,
    text: 'Which studies? <b>cite them</b>',
    creator: 'Ben',
    now: minute(++clock),
  })

  deletePassage(content, ' – no more than 300 people')
  return { id: 'kiep-2024', record, content, annotations }
}
