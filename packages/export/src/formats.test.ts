import { describe, expect, it } from 'vitest'
import { claimsExport } from './claims'
import { briefInput } from './claims.testkit'
import { ExportError } from './error'
import { exportDocument, exportFormats } from './formats'

describe('exportDocument', () => {
  it('writes the claim record as pretty JSON named after the document', () => {
    const file = exportDocument('claims', briefInput())
    expect(file.contentType).toBe('application/json')
    expect(file.filename).toBe('north-korea-2024.claims.json')
    expect(JSON.parse(file.body)).toEqual(JSON.parse(JSON.stringify(claimsExport(briefInput()))))
    expect(file.body).toContain('\n  "format": "warrant.claims/1",\n')
  })

  it('writes JSON Lines, one record a line, each carrying its document', () => {
    const file = exportDocument('jsonl', briefInput())
    expect(file.contentType).toBe('application/jsonl')
    expect(file.filename).toBe('north-korea-2024.claims.jsonl')
    expect(file.body.endsWith('\n')).toBe(true)
    const lines = file.body.trimEnd().split('\n')
    const { document, records } = claimsExport(briefInput())
    expect(lines).toHaveLength(records.length)
    const parsed = lines.map((line) => JSON.parse(line))
    expect(parsed.map((p) => p.id)).toEqual(records.map((r) => r.id))
    for (const line of parsed) expect(line.document).toEqual(document)
    expect(parsed[0]).toEqual(JSON.parse(JSON.stringify({ document, ...records[0] })))
  })

  it('writes an empty JSON Lines file for a document without annotations', () => {
    const input = { ...briefInput(), annotations: [] }
    expect(exportDocument('jsonl', input).body).toBe('')
  })

  it('refuses an unknown format, naming the known ones', () => {
    const attempt = () => exportDocument('docx', briefInput())
    expect(attempt).toThrow(ExportError)
    expect(attempt).toThrow(
      /unknown export format 'docx'; known formats: claims, jsonl, csv, w3c, csl, csl-citations, bibtex, ris, markdown, aif/,
    )
    try {
      attempt()
    } catch (error) {
      expect(error).toMatchObject({ code: 'unknown-format', known: Object.keys(exportFormats) })
    }
  })

  it('does not take inherited object keys for formats', () => {
    expect(() => exportDocument('toString', briefInput())).toThrow(ExportError)
  })
})
