/**
 * The `markdown` export: a report a reader can take in at a glance, each claim with its status
 * and the evidence for and against it quoted with citations, then the predictions by due date,
 * the statistics, and the annotations whose passage moved or vanished. All user text (quotes,
 * notes, attributes, even the bibliographic record) is escaped so it reads as text and never as
 * markup: no heading, list, table cell break or live HTML can come out of an annotation.
 */

import { formatCitation } from './citation'
import type { ClaimRecord, ClaimRelation, ClaimsExport } from './claims'

/** Writes the Markdown report of a claims export. */
export function markdownReport(exported: ClaimsExport): string {
  const { document, records } = exported
  const byId = new Map(records.map((r) => [r.id, r]))
  const style = records[0]?.citation.style
  const reference =
    records[0]?.citation.reference ??
    formatCitation(document.citation, { paragraph: null }).reference
  const sections = [
    `# Claims report: ${heading(document.title)}`,
    paragraph(reference),
    [
      `Version ${inline(document.version)} · exported ${inline(exported.exportedAt)}`,
      ...(style ? [` · citations in ${inline(style)} style`] : []),
    ].join(''),
    ...claimsSection(records, byId),
    ...predictionsSection(records),
    ...statisticsSection(records),
    ...healthSection(records),
  ]
  return `${sections.join('\n\n')}\n`
}

function claimsSection(records: ClaimRecord[], byId: Map<string, ClaimRecord>): string[] {
  const claims = records.filter((r) => r.kind === 'claim')
  if (claims.length === 0) return ['## Claims', '_No claims._']
  return ['## Claims', ...claims.flatMap((claim, i) => claimBlock(claim, i + 1, byId))]
}

/** The evidence sections of a claim: relations of these types that point at it. */
const bearing: Array<[ClaimRelation['type'], string, string]> = [
  ['supports', 'Supporting evidence', 'No supporting evidence.'],
  ['contradicts', 'Contradicting evidence', 'No contradicting evidence.'],
  ['qualifies', 'Qualifications', 'No qualifications.'],
]

function claimBlock(claim: ClaimRecord, n: number, byId: Map<string, ClaimRecord>): string[] {
  const { status, claimType, confidence } = claim.attributes
  // Validation keeps these to enums and numbers, but a store written before it may hold text.
  const facts = [`**Status:** ${status === undefined ? 'not set' : heading(text(status))}`]
  if (claimType !== undefined) facts.push(`**Type:** ${heading(text(claimType))}`)
  if (confidence !== undefined) facts.push(`**Confidence:** ${heading(text(confidence))}`)
  const out = [`### Claim ${n}`, facts.join(' · '), quoted(claim)]
  if (claim.note) out.push(paragraph(claim.note, '**Note:** '))
  for (const [type, title, none] of bearing) {
    const incoming = claim.relations.filter((r) => r.type === type && r.direction === 'incoming')
    if (incoming.length === 0 && type === 'qualifies') continue
    out.push(`#### ${title}`)
    if (incoming.length === 0) out.push(`_${none}_`)
    for (const relation of incoming) out.push(...evidence(relation, byId))
  }
  return out
}

/** One piece of evidence as a quote with its citation, or a line saying its passage is missing. */
function evidence(relation: ClaimRelation, byId: Map<string, ClaimRecord>): string[] {
  const other = byId.get(relation.other.id)
  const note = relation.note ? [paragraph(relation.note, '**Note on this link:** ')] : []
  if (!other) {
    const missing = `**Missing:** the annotation ${inline(relation.other.id)} this ${relation.type} relation (${inline(relation.id)}) comes from no longer exists.`
    return [missing, ...note]
  }
  return [quoted(other), ...note]
}

/** A record's quote as a block quote, closed by its citation (and its kind and health if notable). */
function quoted(record: ClaimRecord): string {
  const marks = [record.kind === 'evidence' || record.kind === 'claim' ? '' : record.kind]
  if (record.anchor !== 'anchored') marks.push(record.anchor)
  const suffix = marks
    .filter(Boolean)
    .map((m) => ` · ${inline(m)}`)
    .join('')
  return blockQuote(record.quote, `— ${inline(record.citation.text)}${suffix}`)
}

function predictionsSection(records: ClaimRecord[]): string[] {
  const predictions = records
    .filter((r) => r.kind === 'prediction')
    .sort((a, b) => dueKey(a).localeCompare(dueKey(b)))
  if (predictions.length === 0) return ['## Predictions', '_No predictions._']
  return [
    '## Predictions',
    table(
      ['Prediction', 'Due', 'Outcome', 'Resolution', 'Note', 'Citation'],
      predictions.map((r) => {
        const { due, outcome, resolution } = r.attributes
        return [r.quote, text(due), text(outcome), text(resolution), r.note, r.citation.text]
      }),
    ),
  ]
}

/** Sorts by due date (ISO dates sort as text); a prediction without one comes last. */
function dueKey(record: ClaimRecord): string {
  const due = record.attributes.due
  return typeof due === 'string' ? due : '\uffff'
}

function statisticsSection(records: ClaimRecord[]): string[] {
  const statistics = records.filter((r) => r.kind === 'statistic')
  if (statistics.length === 0) return ['## Statistics', '_No statistics._']
  return [
    '## Statistics',
    table(
      ['Statistic', 'Value', 'Unit', 'Period', 'Place', 'Note', 'Citation'],
      statistics.map((r) => {
        const { value, unit, period, place } = r.attributes
        const cells = [text(value), text(unit), text(period), text(place)]
        return [r.quote, ...cells, r.note, r.citation.text]
      }),
    ),
  ]
}

function healthSection(records: ClaimRecord[]): string[] {
  const drifted = records.filter((r) => r.anchor === 'drifted')
  const orphaned = records.filter((r) => r.anchor === 'orphaned')
  const out = ['## Orphaned and drifted annotations']
  if (drifted.length + orphaned.length === 0) {
    return [...out, '_None: every annotation is where it was made._']
  }
  for (const r of drifted) {
    out.push(`### Drifted: ${inline(r.kind)} ${inline(r.id)}`)
    out.push('Annotated as:', blockQuote(r.originalQuote ?? r.quote))
    out.push('Now reads:', blockQuote(r.quote, `— ${inline(r.citation.text)}`))
  }
  for (const r of orphaned) {
    out.push(`### Orphaned: ${inline(r.kind)} ${inline(r.id)}`)
    out.push('Its passage is gone from the text. Annotated as:', blockQuote(r.quote))
  }
  return out
}

/** An attribute value as text: empty when unset, compact JSON for an object. */
function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/**
 * User text made inert inside a line: markup characters are backslash-escaped and `&`, `<`,
 * `>` become entities, so no HTML tag, entity, link, emphasis or table cell break can start.
 */
export function inline(value: string): string {
  return value
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
}

/** User text as escaped lines; a line cannot open a heading, list, setext underline or code block. */
function lines(value: string): string[] {
  return value.split(/\r\n?|\n/).map((line) =>
    inline(line.trimStart())
      .replace(/^[#+=-]/, '\\$&')
      .replace(/^(\d+)([.)])/, '$1\\$2'),
  )
}

/** User text as a paragraph, after an optional lead of our own markup. */
function paragraph(value: string, lead = ''): string {
  return lead + lines(value).join('\n')
}

/** A heading's text: one line, escaped. */
function heading(value: string): string {
  return inline(value.replace(/\s+/g, ' ').trim())
}

/** User text as a block quote, every line prefixed, with an optional closing line of ours. */
function blockQuote(value: string, closing?: string): string {
  const body = lines(value)
  if (closing !== undefined) body.push('', closing)
  return body.map((line) => (line === '' ? '>' : `> ${line}`)).join('\n')
}

/** A GFM table; cells are escaped (a pipe is `\|`, a line break `<br>`), empty ones shown as —. */
function table(header: string[], rows: string[][]): string {
  const cell = (value: string): string =>
    value.trim() === '' ? '—' : inline(value.trim()).replace(/\r\n?|\n/g, '<br>')
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n')
}
