/// <reference path="./citation-js.d.ts" />
import { Cite, type CiteFormatOptions } from '@citation-js/core'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import jsonld, { type JsonLdDocument, type Options } from 'jsonld'
import { describe, expect, it } from 'vitest'
import claimsSchema from '../schema/claims-1.schema.json'
import cslCitationSchema from '../schema/vendor/csl-citation.json'
import cslDataSchema from '../schema/vendor/csl-data.json'
import type { AifGraph } from './aif'
import { annotatedBrief, pageAfter } from './brief.testkit'
import { type ClaimRecord, type ClaimsExport, claimsExport } from './claims'
import type { CslCitation } from './csl'
import { parseCsv } from './csv.testkit'
import { exportDocument } from './formats'
import { exportInput } from './input'
import { CITATION_LANG, type CitationStyle, styleTemplate } from './styles'
import { W3C_CONTEXT, W3C_PAGED_CONTEXT, type W3cCollection, type W3cRecordAnnotation } from './w3c'
import { assertionsOf, failedMusts, offlineLoader } from './w3c.testkit'

const exportedAt = '2024-12-01T12:00:00.000Z'
const perPage = 4
const paged = exportInput(annotatedBrief({ perPage }), { exportedAt })
const plain = exportInput(annotatedBrief(), { exportedAt })
const exported = claimsExport(paged)
const located = exported.records.filter((r) => r.anchor !== 'orphaned')
const orphan = exported.records.find((r) => r.anchor === 'orphaned')!
const write = (format: string, input = paged): string => exportDocument(format, input).body

/** The record whose quote starts with `start`. */
function recordOf(start: string, records: ClaimRecord[] = exported.records): ClaimRecord {
  const found = records.find((r) => r.quote.startsWith(start))
  if (!found) throw new Error(`no record quoting "${start}"`)
  return found
}

/** A value with every one-element array taken for its element (compaction writes them so). */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? unwrap(value[0]) : value.map(unwrap)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]))
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
addFormats(ajv)
const validateClaims = ajv.compile(claimsSchema)
const cslAjv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false })
addFormats(cslAjv)
cslAjv.addSchema(cslDataSchema)
const validateCitation = cslAjv.compile(cslCitationSchema)

describe('exports of a brief from pages', () => {
  it('locate every record on the page of its paragraph, four paragraphs a page', () => {
    expect(located.length).toBeGreaterThan(8)
    for (const record of located) {
      const { paragraph, page } = record.locator
      expect(page).toBe(pageAfter(paragraph! - 1, perPage))
    }
    expect(new Set(located.map((r) => r.locator.page))).toEqual(new Set([1, 2, 3]))
    expect(recordOf('a summit between').locator).toEqual({
      section: exported.document.title,
      paragraph: 10,
      page: 3,
    })
  })

  it('cite each record in APA with its page, then its paragraph', () => {
    for (const { locator, citation } of located) {
      expect(citation.text).toBe(`(Choi, 2024, p. ${locator.page}, para. ${locator.paragraph})`)
    }
    expect(recordOf('a summit between').citation.text).toBe('(Choi, 2024, p. 3, para. 10)')
  })

  it('cite with the page in Chicago and MLA too, each the way the style gives it', () => {
    const cited = (style: CitationStyle) =>
      recordOf('a summit between', claimsExport({ ...paged, style }).records).citation.text
    expect(cited('chicago-author-date')).toBe('(Choi 2024, 3, para. 10)')
    expect(cited('mla')).toBe('(Choi 3, par. 10)')
  })

  it('give an orphan no page and no locator in its citation', () => {
    expect(orphan.locator).toEqual({ section: '', paragraph: null })
    expect(orphan.citation.text).toBe('(Choi, 2024)')
  })

  it('conform to the claims-1 JSON Schema, which takes a null page and refuses page 0', () => {
    const file = JSON.parse(write('claims'))
    expect(validateClaims(file), JSON.stringify(validateClaims.errors)).toBe(true)
    file.records[0].locator.page = null
    expect(validateClaims(file)).toBe(true)
    file.records[0].locator.page = 0
    expect(validateClaims(file)).toBe(false)
    file.records[0].locator.page = 2.5
    expect(validateClaims(file)).toBe(false)
  })

  it('carry the page on every line of the JSON Lines export', () => {
    const lines = write('jsonl')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ClaimRecord)
    expect(lines.map((r) => r.locator)).toEqual(exported.records.map((r) => r.locator))
    expect(lines.filter((r) => r.locator.page !== undefined)).toHaveLength(located.length)
  })

  it('give the csv a page column after the paragraph, empty for the orphan', () => {
    const [header, ...rows] = parseCsv(write('csv').slice(1))
    const at = header!.indexOf('page')
    expect(header!.slice(at - 1, at + 2)).toEqual(['paragraph', 'page', 'start'])
    const cells = rows.map((row) => [row[header!.indexOf('id')], row[at]])
    expect(cells).toEqual(exported.records.map((r) => [r.id, String(r.locator.page ?? '')]))
    expect(cells.at(-1)).toEqual([orphan.id, ''])
    for (const row of rows) expect(row).toHaveLength(header!.length)
  })

  it('put the page on each w3c target, a term of the context, passing every annotation MUST', () => {
    const collection = JSON.parse(write('w3c')) as W3cCollection
    expect(collection['@context']).toEqual(W3C_PAGED_CONTEXT)
    const records = collection.first.items.filter(
      (a): a is W3cRecordAnnotation => a.motivation === 'tagging',
    )
    expect(records.map((a) => a.target.page)).toEqual(exported.records.map((r) => r.locator.page))
    const musts = assertionsOf('annotations/annotationMusts.test')
    for (const annotation of records) {
      const alone = { '@context': collection['@context'], ...annotation }
      expect(failedMusts(musts, alone)).toEqual([])
    }
  })

  it('keep the w3c page through JSON-LD: it expands to warrant:page and compacts back', async () => {
    const collection = JSON.parse(write('w3c')) as W3cCollection
    const options = { safe: true, documentLoader: offlineLoader } as Options.Expand
    const expanded = await jsonld.expand(collection as unknown as JsonLdDocument, options)
    expect(JSON.stringify(expanded)).toContain('"urn:warrant:vocab:page":[{"@value":3}]')
    const compacted = await jsonld.compact(expanded, collection['@context'] as never, options)
    expect(unwrap(compacted)).toEqual(unwrap(collection))
  })

  it('locate each CSL citation under the page label, which citeproc prints as the record cites', () => {
    const citations = JSON.parse(write('csl-citations')) as CslCitation[]
    const record = recordOf('a summit between')
    const item = citations.find((c) => c.citationID === record.id)!.citationItems[0]!
    expect(item).toEqual({
      id: exported.document.citation.id,
      locator: '3, para. 10',
      label: 'page',
      suffix: ` “${record.quote}”`,
    })
    const cite = new Cite(exported.document.citation)
    for (const citation of citations) {
      expect(validateCitation(citation), JSON.stringify(validateCitation.errors)).toBe(true)
      const { suffix: _, ...entry } = citation.citationItems[0]!
      const options: CiteFormatOptions = {
        format: 'text',
        template: styleTemplate('apa'),
        lang: CITATION_LANG,
        entry: [entry],
      }
      const text = cite.format('citation', options).trim()
      const cited = exported.records.find((r) => r.id === citation.citationID)!
      expect(text).toBe(cited.citation.text)
    }
  })

  it('cite the page and the paragraph under every quote of the Markdown report', () => {
    const report = write('markdown')
    expect(report).toContain('> — (Choi, 2024, p. 2, para. 6)')
    expect(report).toContain('| (Choi, 2024, p. 3, para. 10) |')
    expect(report).not.toMatch(/— \(Choi, 2024, para\./)
  })

  it("keep the page in the locator of each AIF passage's side-table entry", () => {
    const graph = JSON.parse(write('aif')) as AifGraph
    const passages = Object.values(graph.warrant.passages)
    expect(passages.length).toBeGreaterThan(3)
    for (const passage of passages) {
      const record = exported.records.find((r) => r.id === passage.record)!
      expect(passage.locator).toEqual(record.locator)
      expect(passage.citation).toBe(record.citation.text)
    }
    expect(passages.some((p) => p.locator.page === 3)).toBe(true)
  })
})

/** An export with each random id (a UUID) named by the order it first appears in. */
function anonymous(body: string): string {
  const names = new Map<string, string>()
  return body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!names.has(id)) names.set(id, `id-${names.size + 1}`)
    return names.get(id)!
  })
}

describe('exports of the same brief without pages', () => {
  const plainExport: ClaimsExport = claimsExport(plain)

  it('carry no page in any locator, citation, column or context', () => {
    expect(plainExport.records.map((r) => r.quote)).toEqual(exported.records.map((r) => r.quote))
    for (const record of plainExport.records) {
      expect(record.locator).not.toHaveProperty('page')
      expect(record.citation.text).not.toContain('p. ')
    }
    expect(write('claims', plain)).not.toContain('"page"')
    expect(parseCsv(write('csv', plain).slice(1))[0]).not.toContain('page')
    const collection = JSON.parse(write('w3c', plain)) as W3cCollection
    expect(collection['@context']).toEqual(W3C_CONTEXT)
    expect(write('w3c', plain)).not.toContain('"page"')
    expect(write('csl-citations', plain)).not.toContain('"label": "page"')
  })

  it('differ from the paged exports only where pages show', () => {
    const strip = (body: string) =>
      body
        .replace(/,\n\s*"page": \d+/g, '')
        .replace(/p\. \d+, para\./g, 'para.')
        .replace(/"\d+, para\. (\d+)",\n(\s*)"label": "page"/g, '"$1",\n$2"label": "paragraph"')
    for (const format of ['claims', 'aif', 'csl-citations', 'markdown']) {
      expect(anonymous(strip(write(format))), format).toBe(anonymous(write(format, plain)))
    }
  })
})
