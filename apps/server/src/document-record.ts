/**
 * A document's bibliographic record as editors correct it: a CSL-JSON item checked field by
 * field (names as CSL names, dates as date-parts, addresses as http(s) URLs), because every
 * citation and export is made from it and reference managers reject malformed items. Fields
 * Warrant does not know are kept as they come (CSL allows them), within a size bound.
 */
import { type CslItem, cslDateFields, cslNameFields, safeHref } from '@warrant/document'
import { z } from 'zod'
import type { DocumentStore } from './document-store'

/** The CSL item types a record may have. */
export const cslTypes = [
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'bill',
  'book',
  'broadcast',
  'chapter',
  'classic',
  'collection',
  'dataset',
  'document',
  'entry',
  'entry-dictionary',
  'entry-encyclopedia',
  'event',
  'figure',
  'graphic',
  'hearing',
  'interview',
  'legal_case',
  'legislation',
  'manuscript',
  'map',
  'motion_picture',
  'musical_score',
  'pamphlet',
  'paper-conference',
  'patent',
  'performance',
  'periodical',
  'personal_communication',
  'post',
  'post-weblog',
  'regulation',
  'report',
  'review',
  'review-book',
  'software',
  'song',
  'speech',
  'standard',
  'thesis',
  'treaty',
  'webpage',
] as const

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`)

const nameText = text(500).optional()
const cslName = z
  .strictObject({
    family: nameText,
    given: nameText,
    literal: nameText,
    suffix: nameText,
    'non-dropping-particle': nameText,
    'dropping-particle': nameText,
  })
  .refine((name) => Boolean(name.family || name.literal), {
    error: 'a name needs a family name or a literal name',
  })
const cslNames = z.array(cslName).max(500, 'at most 500 names')

const datePart = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(Number)
const dateParts = z
  .array(datePart)
  .min(1, 'a date needs its year')
  .max(3, 'a date is [year, month, day]')
  .refine(([year]) => year! >= -9999 && year! <= 9999, { error: 'year out of range' })
  .refine(
    ([, month]) =>
      month === undefined || (month >= 1 && month <= 12) || (month >= 21 && month <= 24),
    {
      error: 'month must be 1-12 (or 21-24 for a season)',
    },
  )
  .refine(([, , day]) => day === undefined || (day >= 1 && day <= 31), {
    error: 'day must be 1-31',
  })
const cslDate = z
  .strictObject({
    'date-parts': z
      .array(dateParts)
      .min(1)
      .max(2, 'a date is one date or a range of two')
      .optional(),
    literal: text(200).optional(),
    raw: text(200).optional(),
    season: z.union([z.number().int(), text(50)]).optional(),
    circa: z.union([z.boolean(), z.number(), text(50)]).optional(),
  })
  .refine((date) => date['date-parts'] || date.literal || date.raw, {
    error: 'a date needs date-parts, a literal or a raw date',
  })

const webAddress = text(2000).refine(
  (value) => /^https?:/i.test(value) && safeHref(value) !== null,
  {
    error: 'an http:// or https:// address',
  },
)

const numberLike = z.union([z.number(), text(200)])

const fields = {
  id: z.unknown().optional(),
  type: z.enum(cslTypes, { error: `a CSL type such as report, article-journal, book or webpage` }),
  title: text(1000).min(1, 'a title is required'),
  'title-short': text(300).optional(),
  'container-title': text(1000).optional(),
  'collection-title': text(1000).optional(),
  publisher: text(500).optional(),
  'publisher-place': text(500).optional(),
  URL: webAddress.optional(),
  DOI: text(300)
    .regex(/^10\.\d{4,9}\/\S+$/, 'a DOI such as 10.1000/xyz123')
    .optional(),
  ISBN: text(100).optional(),
  ISSN: text(100).optional(),
  page: numberLike.optional(),
  volume: numberLike.optional(),
  issue: numberLike.optional(),
  number: numberLike.optional(),
  edition: numberLike.optional(),
  abstract: text(20_000).optional(),
  genre: text(300).optional(),
  language: text(50).optional(),
  medium: text(300).optional(),
  note: text(20_000).optional(),
  source: text(500).optional(),
  ...Object.fromEntries(cslNameFields.map((field) => [field, cslNames.optional()])),
  ...Object.fromEntries(cslDateFields.map((field) => [field, cslDate.optional()])),
}

/** The largest record, as JSON. */
export const maxRecordBytes = 256 * 1024

/** A whole record (type and title required); other CSL fields are kept within the size bound. */
export const recordSchema = z
  .object(fields)
  .catchall(z.json())
  .refine((record) => JSON.stringify(record).length <= maxRecordBytes, {
    error: `a record takes at most ${maxRecordBytes} bytes`,
  })

/** Record fields given with an upload, over what the source said (none required). */
export const recordPatchSchema = z
  .object(fields)
  .partial()
  .catchall(z.json())
  .refine((record) => JSON.stringify(record).length <= maxRecordBytes, {
    error: `a record takes at most ${maxRecordBytes} bytes`,
  })

/** Replaces a document's record (its id kept); returns the record as stored. */
export async function replaceRecord(
  documents: DocumentStore,
  id: string,
  record: Record<string, unknown>,
): Promise<CslItem> {
  const item = { ...record, id } as CslItem
  if (!(await documents.updateRecord(id, item))) throw new Error(`no document "${id}" to update`)
  return item
}

/** The fields whose values differ between two records (for the audit log). */
export function changedFields(before: CslItem, after: CslItem): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort()
}
