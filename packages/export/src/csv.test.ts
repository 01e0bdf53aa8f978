import type { Annotation } from '@warrant/annotations'
import { describe, expect, it } from 'vitest'
import { type ClaimsInput, claimsExport } from './claims'
import { briefInput } from './claims.testkit'
import { claimsCsv, quoteField } from './csv'
import { parseCsv } from './csv.testkit'
import { exportDocument } from './formats'

const awkward = 'He said, "no deal"\r\nand then, later, "maybe"'

/** The brief with a claim quoting an awkward passage and evidence citing a CSL source. */
function awkwardInput(): ClaimsInput {
  const input = briefInput()
  const claim = input.anchors.get('a-claim')!
  input.anchors = new Map(input.anchors).set('a-claim', { ...claim, text: awkward })
  input.annotations = input.annotations.map(
    (a): Annotation =>
      a.id === 'a-evidence'
        ? { ...a, attributes: { source: { type: 'dataset', title: 'Trade, "KOTRA"' } } }
        : a,
  )
  return input
}

const header = [
  'id',
  'kind',
  'quote',
  'prefix',
  'suffix',
  'section',
  'paragraph',
  'start',
  'end',
  'anchor',
  'claimType',
  'status',
  'confidence',
  'source',
  'due',
  'outcome',
  'resolution',
  'value',
  'unit',
  'period',
  'place',
  'item',
  'name',
  'wikidata',
  'note',
  'creator',
  'created',
  'modified',
  'relations',
  'comments',
  'citation',
]

describe('csv export', () => {
  const body = claimsCsv(claimsExport(awkwardInput()))
  const rows = parseCsv(body.slice(1))
  const row = (id: string): Record<string, string> => {
    const found = rows.find((r) => r[0] === id)
    if (!found) throw new Error(`no row ${id}`)
    return Object.fromEntries(header.map((name, i) => [name, found[i] ?? '']))
  }

  it('starts with a UTF-8 byte order mark', () => {
    expect(body.startsWith('\uFEFF')).toBe(true)
    expect(body.codePointAt(1)).toBe('i'.codePointAt(0))
  })

  it('has exactly the specified header, attribute columns between anchor and note', () => {
    expect(rows[0]).toEqual(header)
  })

  it('writes one row per record, in record order, every row the width of the header', () => {
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      'a-claim',
      'a-evidence',
      'a-prediction',
      'a-orphan',
    ])
    for (const r of rows) expect(r).toHaveLength(header.length)
  })

  it('ends every row with CRLF, and never a bare LF outside a quoted field', () => {
    expect(body.endsWith('\r\n')).toBe(true)
    const unquoted = body.replace(/"(?:[^"]|"")*"/g, '')
    expect(unquoted).not.toMatch(/[^\r]\n/)
  })

  it('keeps a quote with commas, quotes and a line break whole through an RFC 4180 reader', () => {
    expect(row('a-claim').quote).toBe(awkward)
    expect(body).toContain('"He said, ""no deal""\r\nand then, later, ""maybe"""')
  })

  it('lists relations in both directions, readably', () => {
    expect(row('a-evidence').relations).toBe(
      `supports → a-claim ("${awkward}"); qualifies → a-claim ("${awkward}")`,
    )
    expect(row('a-claim').relations).toBe(
      'supported by ← a-evidence ("fell by 86.3 percent"); ' +
        'contradicted by ← a-orphan ("imports grew by 12 percent"); ' +
        'qualified by ← a-evidence ("fell by 86.3 percent")',
    )
    expect(row('a-prediction').relations).toBe('supported by ← a-deleted (missing)')
  })

  it('writes attributes as text, an object value as compact JSON, a missing one as empty', () => {
    expect(row('a-claim')).toMatchObject({ claimType: 'assessment', status: 'unverified' })
    expect(row('a-claim').confidence).toBe('')
    expect(row('a-evidence').source).toBe('{"type":"dataset","title":"Trade, \\"KOTRA\\""}')
  })

  it('fills locator, position, health, comment count and the formatted citation', () => {
    expect(row('a-prediction')).toMatchObject({
      section: 'Trade with China',
      paragraph: '5',
      anchor: 'anchored',
      comments: '2',
      citation: '(Choi, 2024, para. 5)',
    })
    expect(row('a-orphan')).toMatchObject({ paragraph: '', anchor: 'orphaned', comments: '0' })
    expect(Number(row('a-evidence').end) - Number(row('a-evidence').start)).toBe(20)
  })

  it('adds a column for an attribute outside the built-in kinds, after the built-in ones', () => {
    const input = briefInput()
    input.annotations = input.annotations.map((a) =>
      a.id === 'a-orphan' ? { ...a, kind: 'hunch', attributes: { mood: 'hopeful' } } : a,
    )
    const [head, ...rest] = parseCsv(claimsCsv(claimsExport(input)).slice(1))
    expect(head?.indexOf('mood')).toBe(header.indexOf('note'))
    expect(rest.find((r) => r[0] === 'a-orphan')?.[header.indexOf('note')]).toBe('hopeful')
  })

  it('keeps a note a spreadsheet would run as a formula as text, and numbers as numbers', () => {
    const input = briefInput()
    input.annotations = input.annotations.map((a) =>
      a.id === 'a-claim'
        ? { ...a, note: '=HYPERLINK("http://evil.example","x")' }
        : a.id === 'a-orphan'
          ? { ...a, attributes: { value: -12.5, unit: '@percent' } }
          : a,
    )
    const [, ...rest] = parseCsv(claimsCsv(claimsExport(input)).slice(1))
    const cellOf = (id: string, column: string) =>
      rest.find((r) => r[0] === id)?.[header.indexOf(column)]
    expect(cellOf('a-claim', 'note')).toBe(`'=HYPERLINK("http://evil.example","x")`)
    expect(cellOf('a-orphan', 'value')).toBe('-12.5')
    expect(cellOf('a-orphan', 'unit')).toBe("'@percent")
  })

  it('quotes only the fields that need it', () => {
    expect(quoteField('plain text')).toBe('plain text')
    expect(quoteField('a,b')).toBe('"a,b"')
    expect(quoteField('a\rb')).toBe('"a\rb"')
    expect(quoteField('say "hi"')).toBe('"say ""hi"""')
  })

  it('is served as text/csv in UTF-8 under a .csv name', () => {
    const file = exportDocument('csv', briefInput())
    expect(file.contentType).toBe('text/csv; charset=utf-8')
    expect(file.filename).toBe('north-korea-2024.csv')
  })

  it('matches the golden csv export of the brief', async () => {
    await expect(exportDocument('csv', briefInput()).body).toMatchFileSnapshot(
      '__golden__/claims.csv',
    )
  })
})
