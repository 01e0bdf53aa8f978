/// <reference path="./citation-js.d.ts" />
/**
 * The XSS corpus in every field a reader can write, exported in every format, is inert: JSON
 * holds it as data, the Markdown report shows it as text (no tag, entity, link or heading of
 * its own), CSV cells never start a formula, and BibTeX and RIS records read back whole.
 */
import { Cite } from '@citation-js/core'
import { describe, expect, it } from 'vitest'
import { bibtex, ris } from './bibliography'
import { type ClaimsExport, claimsExport } from './claims'
import { cslItems } from './csl'
import { exportDocument, exportFormats } from './formats'
import { corpus, hostileInput, passage, sourceItem } from './xss.testkit'

const input = hostileInput()
const exported = claimsExport(input)
const body = (format: string) => exportDocument(format, input).body
/** What the text of a passage reads as in the canonical text (one space for a run of spaces). */
const passages = corpus.map((_, i) => passage(i))

/** Every string a parsed JSON value holds, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, v]) => [key, ...strings(v)])
  }
  return []
}

describe('the hostile brief', () => {
  it('carries a payload in every field, through the validated write paths', () => {
    expect(exported.records).toHaveLength(corpus.length)
    expect(exported.records.map((r) => r.note)).toEqual(corpus)
    expect(exported.records.map((r) => r.creator)).toEqual(corpus)
    expect(exported.records.map((r) => r.comments[0]?.text)).toEqual(corpus)
    expect(exported.records.map((r) => r.quote)).toEqual(passages)
    expect(exported.records.every((r) => r.anchor === 'anchored')).toBe(true)
  })
})

describe.each(['claims', 'jsonl', 'w3c', 'csl', 'csl-citations', 'aif'])('%s', (format) => {
  const text = body(format)
  const parsed: unknown[] =
    format === 'jsonl'
      ? text
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [JSON.parse(text)]
  const held = new Set(strings(parsed))

  it('parses, and holds the payloads it carries as the very strings written', () => {
    const expected: Record<string, readonly string[]> = {
      claims: [...corpus, ...passages],
      jsonl: [...corpus, ...passages],
      w3c: [...corpus, ...passages],
      csl: cslItems(exported).flatMap((item) => [item.title ?? '']),
      'csl-citations': passages.map((p) => ` “${p}”`),
      aif: exported.records.filter((r) => r.relations.length > 0).map((r) => r.quote),
    }
    const missing = expected[format]!.filter((payload) => !held.has(payload))
    expect(missing).toEqual([])
  })

  it('reads back equal to the record it was written from', () => {
    const claims = JSON.parse(JSON.stringify(exported))
    if (format === 'claims') expect(parsed[0]).toEqual(claims)
    if (format === 'jsonl') {
      expect(parsed).toEqual(
        claims.records.map((r: object) => ({ document: claims.document, ...r })),
      )
    }
    if (format === 'csl') expect(parsed[0]).toEqual(JSON.parse(JSON.stringify(cslItems(exported))))
  })
})

describe('markdown', () => {
  const report = body('markdown')
  /** The report as a reader sees it: entities decoded, backslash escapes and line breaks undone. */
  const shown = report
    .replaceAll('<br>', '\n')
    .replace(/\\(.)/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

  it('has no HTML tag, comment or entity of its own but the table line break', () => {
    expect(report.match(/<(?!br>)[A-Za-z!/?]/g)).toBeNull()
    expect(report.match(/&(?!(?:amp|lt|gt);)/g)).toBeNull()
  })

  it('makes no link, image, autolink or link definition', () => {
    expect(report.match(/(?<!\\)\]\s*[([:]/g)).toBeNull()
    expect(report.match(/<[a-z][a-z0-9+.-]*:/gi)).toBeNull()
  })

  it('opens no heading, list, quote or code block from user text', () => {
    const ours =
      /^(?:#{1,4} (?:Claims report|Claims|Claim \d+|Supporting|Contradicting|Qualifications|Predictions|Statistics|Orphaned|Drifted)|> |>$|\| |\*\*|_|Version |Annotated as:|Now reads:|Its passage)/
    const lines = report.split('\n').filter((line) => line !== '')
    const theirs = lines.filter(
      (line) => !ours.test(line) && /^\s*(?:[#>*+-]|\d+[.)]|\s{4}|```|~~~|\|)/.test(line),
    )
    expect(theirs).toEqual([])
  })

  it('still shows every note, quote, attribute and the record as the text written', () => {
    const claims = exported.records.filter((r) => r.kind === 'claim')
    const lines = (value: string) =>
      value
        .split(/\r\n?|\n/)
        .map((l) => l.trimStart())
        .join('\n')
    for (const claim of claims) {
      expect(shown).toContain(`**Note:** ${lines(claim.note)}`)
      const status = String(claim.attributes.status).replace(/\s+/g, ' ').trim()
      expect(shown).toContain(`**Status:** ${status}`)
    }
    for (const p of exported.records.filter(
      (r) => r.kind === 'statistic' || r.kind === 'prediction',
    )) {
      expect(shown).toContain(p.quote)
    }
    expect(shown).toContain(`# Claims report: ${corpus[0]}`)
  })
})

/** A small RFC 4180 reader: fields split on commas, rows on CRLF, quoted fields unescaped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (!quoted && c === ',') {
      row.push(field)
      field = ''
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field])
      row = []
      field = ''
      i++
    } else {
      field += c
    }
  }
  return rows
}

describe('csv', () => {
  const rows = parseCsv(body('csv').replace(/^\uFEFF/, ''))
  const header = rows[0]!

  it('keeps one row per record, each as wide as the header', () => {
    expect(rows).toHaveLength(exported.records.length + 1)
    expect(rows.map((r) => r.length)).toEqual(rows.map(() => header.length))
  })

  it('starts no cell, header included, with = + - @ tab or CR unless it is a number', () => {
    const formulas = rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c))
    expect(formulas).toEqual([])
  })

  it('keeps the payload after the apostrophe that guards it', () => {
    const note = header.indexOf('note')
    const creator = header.indexOf('creator')
    const guarded = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)
    expect(rows.slice(1).map((r) => r[note])).toEqual(corpus.map(guarded))
    expect(rows.slice(1).map((r) => r[creator])).toEqual(corpus.map(guarded))
  })
})

/** The export with one more piece of evidence per payload, its CSL source made of the payload. */
const sourced: ClaimsExport = {
  ...exported,
  records: [
    ...exported.records,
    ...corpus.map((payload, i) => ({
      ...exported.records[0]!,
      id: `sourced-${i}`,
      kind: 'evidence',
      attributes: { source: sourceItem(payload, i) },
    })),
  ],
}

/** Text as a one-line reader takes it: runs of whitespace one space, rich-text tags dropped. */
const flat = (value: unknown) =>
  typeof value === 'string'
    ? value
        .replace(/<\/?(?:i|b|sc|sup|sub)>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : value

describe.each([
  { format: 'bibtex', write: bibtex, type: '@bibtex/text' },
  { format: 'ris', write: ris, type: '@ris/file' },
] as const)('$format', ({ format, write, type }) => {
  const text = write(sourced)
  const items = cslItems(sourced)
  const parse = () => new Cite(text, { forceType: type }).data
  // BibTeX is LaTeX: `--` reads as an en dash, and its ASCII escapes drop invisible characters.
  const read = (value: unknown) =>
    format === 'bibtex' && typeof value === 'string'
      ? flat(
          value.replaceAll('--', '–').replace(/[\p{Cf}\p{Cc}]/gu, (c) => (/\s/.test(c) ? c : '')),
        )
      : flat(value)

  it('reads back one record per item, none split or swallowed, with its title', () => {
    expect(items).toHaveLength(corpus.length + 1)
    const parsed = parse()
    expect(parsed).toHaveLength(items.length)
    expect(parsed.map((p) => flat(p.title))).toEqual(items.map((item) => read(item.title)))
    expect(parsed.map((p) => flat(p['container-title']))).toEqual(
      items.map((item) => read(item['container-title'])),
    )
  })

  it('reads back every author of every item', () => {
    const names = (item: { author?: unknown }) => (item.author as unknown[] | undefined)?.length
    expect(parse().map(names)).toEqual(items.map(names))
  })

  it('reads back each URL as the one written (RIS: on one line)', () => {
    const url = (value: unknown) => (typeof value === 'string' ? decodeURI(value) : value)
    const written = (value: string | undefined) =>
      format === 'ris' ? value?.replace(/\s+/g, ' ') : value
    expect(parse().map((p) => url(p.URL))).toEqual(items.map((item) => written(item.URL)))
  })

  it('holds no LaTeX command or RIS line that user text started', () => {
    if (format === 'bibtex') {
      const commands = text.match(
        /\\(?:write|immediate|input|include|openout|def|catcode|url|href)(?![a-z])/g,
      )
      expect(commands).toBeNull()
      for (const entry of text.split(/\n(?=@)/)) {
        let depth = 0
        for (const c of entry) depth += c === '{' ? 1 : c === '}' ? -1 : 0
        expect(depth, entry).toBe(0)
      }
    } else {
      const lines = text.split(/\r?\n/).filter((line) => line !== '')
      expect(lines.filter((line) => !/^[A-Z][A-Z0-9] {2}- /.test(line))).toEqual([])
      expect(lines.filter((line) => line.startsWith('TY  - '))).toHaveLength(items.length)
    }
  })
})

it('covers every export format', () => {
  expect(Object.keys(exportFormats).sort()).toEqual([
    'aif',
    'bibtex',
    'claims',
    'csl',
    'csl-citations',
    'csv',
    'jsonl',
    'markdown',
    'ris',
    'w3c',
  ])
})
