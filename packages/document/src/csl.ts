/**
 * The bibliographic record of a document, as a CSL-JSON item: the shape every
 * reference manager reads, so Warrant keeps it as is rather than inventing its own.
 */

/** A CSL-JSON name (author, editor, ...). */
export interface CslName {
  family?: string
  given?: string
  literal?: string
  suffix?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
}

/** A CSL-JSON date: `date-parts` of [year, month?, day?], or a literal. */
export interface CslDate {
  'date-parts'?: Array<Array<number | string>>
  literal?: string
  raw?: string
  season?: number | string
  circa?: boolean | number | string
}

/** A CSL-JSON item; fields beyond the common ones are allowed as in the CSL schema. */
export interface CslItem {
  id: string
  type: string
  title?: string
  author?: CslName[]
  editor?: CslName[]
  publisher?: string
  'publisher-place'?: string
  issued?: CslDate
  accessed?: CslDate
  URL?: string
  DOI?: string
  genre?: string
  language?: string
  note?: string
  [field: string]: unknown
}

/** The CSL-JSON fields whose values are lists of names. */
export const cslNameFields = [
  'author',
  'editor',
  'translator',
  'container-author',
  'collection-editor',
  'composer',
  'director',
  'editorial-director',
  'illustrator',
  'interviewer',
  'original-author',
  'recipient',
  'reviewed-author',
] as const

/** The CSL-JSON fields whose values are dates. */
export const cslDateFields = [
  'issued',
  'accessed',
  'submitted',
  'event-date',
  'original-date',
  'available-date',
] as const
