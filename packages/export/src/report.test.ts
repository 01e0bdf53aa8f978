import type { Annotation } from '@warrant/annotations'
import { parseMarkdown } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import { type ClaimsExport, type ClaimsInput, claimsExport } from './claims'
import { briefInput } from './claims.testkit'
import { markdownReport } from './report'

/** The brief with a prediction and a statistic described by their attributes. */
function describedBrief(): ClaimsInput {
  return withAnnotation(briefInput(), (a) => {
    if (a.id === 'a-prediction') {
      return {
        ...a,
        attributes: { due: '2024-10-06', outcome: 'correct', resolution: 'The summit was held.' },
      }
    }
    if (a.id === 'a-orphan') {
      return { ...a, attributes: { value: 12, unit: 'percent', period: '2014-2023' } }
    }
    return a
  })
}

/** An input with each annotation passed through `change`. */
function withAnnotation(input: ClaimsInput, change: (a: Annotation) => Annotation): ClaimsInput {
  return { ...input, annotations: input.annotations.map(change) }
}

/** An input where annotation `id` now reads `text` (a new map: the brief's is shared). */
function withQuote(input: ClaimsInput, id: string, text: string): ClaimsInput {
  const anchor = input.anchors.get(id)!
  return { ...input, anchors: new Map(input.anchors).set(id, { ...anchor, text }) }
}

/** A parsed Markdown document, as @warrant/document reads one (CommonMark). */
type MarkdownNode = ReturnType<typeof parseMarkdown>['doc']

/** An input with one more prediction at the brief's prediction, reading `text`. */
function withPrediction(input: ClaimsInput, id: string, text: string, due?: string): ClaimsInput {
  const model = input.annotations.find((a) => a.id === 'a-prediction')!
  const anchor = input.anchors.get('a-prediction')!
  const attributes = due === undefined ? {} : { due }
  return {
    ...input,
    annotations: [...input.annotations, { ...model, id, attributes }],
    anchors: new Map(input.anchors).set(id, { ...anchor, text }),
  }
}

/** The text of the report between a `## ` heading and the next one. */
function section(report: string, title: string): string {
  const start = report.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`no section ${title}`)
  const end = report.indexOf('\n## ', start + 1)
  return report.slice(start, end < 0 ? undefined : end)
}

/** The cells of the GFM table rows in a text, split at unescaped pipes and unescaped. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| ---'))
    .map((line) => {
      const cells: string[] = []
      let cell = ''
      for (let i = 1; i < line.length; i++) {
        if (line[i] === '\\') cell += line[i] + (line[++i] ?? '')
        else if (line[i] === '|') {
          cells.push(cell.trim())
          cell = ''
        } else cell += line[i]
      }
      return cells
    })
}

/** Every node of a parsed Markdown document of a type. */
function nodesOf(doc: MarkdownNode, type: string): MarkdownNode[] {
  const found: MarkdownNode[] = []
  doc.descendants((node) => {
    if (node.type.name === type) found.push(node)
  })
  return found
}

describe('markdownReport', () => {
  const exported = claimsExport(describedBrief())
  const report = markdownReport(exported)

  it("opens with the document's title, its reference, version id, export date and style", () => {
    expect(report.startsWith(`# Claims report: ${exported.document.title}\n`)).toBe(true)
    expect(report).toContain(exported.records[0]!.citation.reference)
    expect(report).toContain('Version v0123456789abcdef · exported 2024-12-01T12:00:00.000Z')
    expect(report).toContain(`citations in ${exported.records[0]!.citation.style} style`)
  })

  it("names each claim's status and type, and says when no status is set", () => {
    const claims = section(report, 'Claims')
    expect(claims).toContain('### Claim 1\n\n**Status:** unverified · **Type:** assessment\n')
    const bare = withAnnotation(briefInput(), (a) =>
      a.id === 'a-claim' ? { ...a, attributes: {} } : a,
    )
    expect(markdownReport(claimsExport(bare))).toContain('### Claim 1\n\n**Status:** not set\n')
  })

  it('quotes the claim and its supporting and contradicting evidence with citations', () => {
    const claims = section(report, 'Claims')
    expect(claims).toContain(
      '> Pyongyang deepened its alignment with Moscow\n>\n> — (Choi, 2024, para. 2)',
    )
    expect(claims).toContain('**Note:** Check against the treaty text.')
    const supporting = claims.slice(claims.indexOf('#### Supporting evidence'))
    expect(supporting).toMatch(
      /^#### Supporting evidence\n\n> fell by 86\.3 percent\n>\n> — \(Choi, 2024, para\. 4\) · drifted\n\n#### Contradicting evidence/,
    )
    const contradicting = claims.slice(claims.indexOf('#### Contradicting evidence'))
    expect(contradicting).toContain(
      '> imports grew by 12 percent\n>\n> — (Choi, 2024) · statistic · orphaned\n\n' +
        '**Note on this link:** Imports tell another story.',
    )
  })

  it('lists qualifying evidence with the note on its link', () => {
    expect(section(report, 'Claims')).toContain(
      '#### Qualifications\n\n> fell by 86.3 percent\n>\n> — (Choi, 2024, para. 4) · drifted\n\n' +
        '**Note on this link:** Trade fell even as ties deepened.',
    )
  })

  it('lists evidence whose annotation is missing as missing, never dropping it', () => {
    const input = briefInput()
    input.relations = [
      ...input.relations,
      { ...input.relations[0]!, id: 'r-gone', from: 'a-gone', created: '2024-11-10T11:00:00.000Z' },
    ]
    const supporting = section(markdownReport(claimsExport(input)), 'Claims')
    expect(supporting).toContain(
      '**Missing:** the annotation a-gone this supports relation (r-gone) comes from no longer exists.',
    )
  })

  it('tables the predictions sorted by due date, undated last, with outcome and citation', () => {
    let input = describedBrief()
    input = withPrediction(input, 'p-1', 'late', '2025-03-01')
    input = withPrediction(input, 'p-2', 'undated')
    input = withPrediction(input, 'p-3', 'early', '2024-01-15')
    const rows = tableRows(section(markdownReport(claimsExport(input)), 'Predictions'))
    expect(rows[0]).toEqual(['Prediction', 'Due', 'Outcome', 'Resolution', 'Note', 'Citation'])
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['early', '2024-01-15'],
      ['expected on 6 October 2024', '2024-10-06'],
      ['late', '2025-03-01'],
      ['undated', '—'],
    ])
    expect(rows[2]).toEqual([
      'expected on 6 October 2024',
      '2024-10-06',
      'correct',
      'The summit was held.',
      '—',
      '(Choi, 2024, para. 5)',
    ])
  })

  it('tables the statistics with value, unit, period and citation', () => {
    const rows = tableRows(section(report, 'Statistics'))
    expect(rows).toEqual([
      ['Statistic', 'Value', 'Unit', 'Period', 'Place', 'Note', 'Citation'],
      ['imports grew by 12 percent', '12', 'percent', '2014-2023', '—', '—', '(Choi, 2024)'],
    ])
  })

  it('lists drifted annotations with the quote they were made on and what they read now, and orphans', () => {
    const health = section(report, 'Orphaned and drifted annotations')
    expect(health).toContain(
      '### Drifted: evidence a-evidence\n\nAnnotated as:\n\n> fell by 86 percent\n\n' +
        'Now reads:\n\n> fell by 86.3 percent',
    )
    expect(health).toContain('### Orphaned: statistic a-orphan')
    expect(health).toContain('Annotated as:\n\n> imports grew by 12 percent')
    expect(health).not.toContain('a-claim')
  })

  it('keeps a table whole when a note or a quote holds pipes and line breaks', () => {
    const noted = withAnnotation(describedBrief(), (a) =>
      a.id === 'a-prediction' ? { ...a, note: 'a | b\nc || d\r\ne \\| f' } : a,
    )
    const input = withQuote(noted, 'a-prediction', 'x|y\nz')
    const predictions = section(markdownReport(claimsExport(input)), 'Predictions')
    const rows = tableRows(predictions)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toHaveLength(rows[0]!.length)
    expect(rows[1]![0]).toBe('x\\|y<br>z')
    expect(rows[1]![4]).toBe('a \\| b<br>c \\|\\| d<br>e \\\\\\| f')
  })

  it('turns HTML in a note or quote into inert text', () => {
    const script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const noted = withAnnotation(describedBrief(), (a) =>
      a.id === 'a-claim' || a.id === 'a-prediction' ? { ...a, note: script } : a,
    )
    const input = withQuote(noted, 'a-claim', script)
    const unsafe = markdownReport(claimsExport(input))
    expect(unsafe).toContain('&lt;script&gt;alert("x")&lt;/script&gt;&lt;img')
    expect(unsafe).not.toMatch(/<script|<img/i)
    // The only tag in a report is the line break the tables write.
    expect(unsafe.match(/<(?!br>)/g)).toBeNull()
  })

  it('never lets a line of annotation text become a heading, list, rule or code block', () => {
    const hostile =
      '# Not a heading\n- not a list\n+ nor this\n1. nor this\n    not code\n---\n> nor a quote'
    const noted = withAnnotation(describedBrief(), (a) =>
      a.id === 'a-claim' ? { ...a, note: hostile } : a,
    )
    const input = withQuote(noted, 'a-evidence', hostile)
    const { doc } = parseMarkdown(markdownReport(claimsExport(input)))
    const headings = nodesOf(doc, 'heading').map((h) => h.textContent)
    expect(headings).toEqual([
      `Claims report: ${input.document.title}`,
      'Claims',
      'Claim 1',
      'Supporting evidence',
      'Contradicting evidence',
      'Qualifications',
      'Predictions',
      'Statistics',
      'Orphaned and drifted annotations',
      'Drifted: evidence a-evidence',
      'Orphaned: statistic a-orphan',
    ])
    expect(nodesOf(doc, 'bullet_list')).toEqual([])
    expect(nodesOf(doc, 'ordered_list')).toEqual([])
    expect(nodesOf(doc, 'horizontal_rule')).toEqual([])
    // Every line stays text: the quote (under supporting, qualifying and drifted) and the note.
    const flat = '# Not a heading - not a list + nor this 1. nor this not code --- > nor a quote'
    const quotes = nodesOf(doc, 'blockquote').filter((q) => q.textContent.startsWith(flat))
    expect(quotes).toHaveLength(3)
    const notes = nodesOf(doc, 'paragraph').filter((p) => p.textContent === `Note: ${flat}`)
    expect(notes).toHaveLength(1)
  })

  it('prefixes every line of a multi-line quote with "> "', () => {
    const input = withQuote(briefInput(), 'a-claim', 'one\ntwo\n\nthree')
    expect(markdownReport(claimsExport(input))).toContain('> one\n> two\n>\n> three\n>\n> — (Choi')
  })

  it('cites in the style of the records, not a fixed one', () => {
    const restyled: ClaimsExport = {
      ...exported,
      records: exported.records.map((r) => ({
        ...r,
        citation: {
          ...r.citation,
          text: `Choi ¶${r.locator.paragraph}`,
          reference: 'Choi, Jangho.',
        },
      })),
    }
    const text = markdownReport(restyled)
    expect(text).toContain('> — Choi ¶2')
    expect(text).toContain('\n\nChoi, Jangho.\n\n')
    expect(text).not.toContain('(Choi, 2024')
  })

  it('says so when there is nothing to report, still naming the document', () => {
    const empty = markdownReport({ ...exported, records: [] })
    expect(empty).toContain('Choi, J. (2024).')
    expect(empty).toContain('## Claims\n\n_No claims._')
    expect(empty).toContain('## Predictions\n\n_No predictions._')
    expect(empty).toContain('_None: every annotation is where it was made._')
  })

  it('matches the golden report of the brief', async () => {
    await expect(report).toMatchFileSnapshot('__golden__/report.md')
  })
})
