/**
 * The `csl` and `csl-citations` exports: the brief and the sources attached to its evidence as
 * CSL-JSON items, and one CSL citation per record carrying its paragraph (and page) locator and
 * its quote, so reference managers and citation processors take them as they are.
 */
import type { CslItem } from '@warrant/document'
import { cslLocator } from './citation'
import type { ClaimRecord, ClaimsExport } from './claims'

/** The schema URI a CSL citation names; the CSL schema admits only its `latest` address. */
export const CSL_CITATION_SCHEMA =
  'https://resource.citationstyles.org/schema/latest/input/json/csl-citation.json'

/** One cited item of a CSL citation (the fields of csl-citation.json Warrant fills). */
export interface CslCitationItem {
  id: string
  /** The paragraph number; where the source had pages, "<page>, para. <paragraph>". */
  locator?: string
  label?: 'paragraph' | 'page'
  /** The quoted passage, in quotation marks after a space, so a processor prints it last. */
  suffix?: string
}

/** A CSL citation object, one per record, named by the record's id. */
export interface CslCitation {
  schema: typeof CSL_CITATION_SCHEMA
  citationID: string
  citationItems: CslCitationItem[]
  properties: { noteIndex: number }
}

/**
 * The CSL-JSON items of an export: the brief's item first, then one item per distinct source
 * attached to evidence, in record order.
 */
export function cslItems(exported: ClaimsExport): CslItem[] {
  const brief = exported.document.citation
  const items: CslItem[] = [brief]
  const used = new Set([brief.id])
  const seen = new Set<string>()
  for (const record of exported.records) {
    const source = sourceItem(record)
    if (source === null) continue
    const { id, ...content } = source
    const key = JSON.stringify(content)
    if (seen.has(key)) continue
    seen.add(key)
    items.push({ ...content, id: uniqueId(id, used) })
  }
  return items
}

/** One CSL citation per record: the brief cited where the record is, with its quote. */
export function cslCitations(exported: ClaimsExport): CslCitation[] {
  const briefId = exported.document.citation.id
  return exported.records.map((record) => ({
    schema: CSL_CITATION_SCHEMA,
    citationID: record.id,
    citationItems: [citationItem(briefId, record)],
    properties: { noteIndex: 0 },
  }))
}

/**
 * The cite item of a record, located as its formatted citation is (formatCitation's CSL locator:
 * label `page` with "3, para. 4" where the source had pages, else label `paragraph`); an orphan
 * has no locator, so it cites the brief without one.
 */
function citationItem(briefId: string, record: ClaimRecord): CslCitationItem {
  const at = cslLocator(record.locator)
  return {
    id: briefId,
    ...(at === null ? {} : { locator: at.locator, label: at.label }),
    suffix: ` “${record.quote}”`,
  }
}

/**
 * The source of an evidence record as a CSL item: a CSL item as given (its id, or one named
 * after the record), a URL as a `webpage` item; null when the record has no source.
 */
function sourceItem(record: ClaimRecord): CslItem | null {
  if (record.kind !== 'evidence') return null
  const source = record.attributes.source
  const fallbackId = `${record.id}-source`
  if (typeof source === 'string' && source !== '') {
    return { id: fallbackId, type: 'webpage', URL: source }
  }
  if (typeof source === 'object' && source !== null && 'type' in source) {
    const item = source as Record<string, unknown>
    const given = item.id
    const id = typeof given === 'string' || typeof given === 'number' ? String(given) : fallbackId
    return { ...item, id, type: String(item.type) }
  }
  return null
}

/** `id`, or `id-2`, `id-3`... when an earlier item (the brief, another source) holds it. */
function uniqueId(id: string, used: Set<string>): string {
  let candidate = id
  for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`
  used.add(candidate)
  return candidate
}
