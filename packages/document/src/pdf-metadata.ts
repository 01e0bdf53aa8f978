/**
 * Reads the bibliographic record of a PDF from its info dictionary (and XMP metadata where the
 * dictionary is silent): title, authors as CSL names, date, subject and keywords.
 */
import type { CslDate, CslItem, CslName } from './csl'

/** The XMP metadata reader pdfjs gives, reduced to what is read here. */
export interface XmpMetadata {
  get(name: string): unknown
}

// Words that make an author field an institution rather than a person.
const institution =
  /\b(institute|university|ministry|department|agency|bank|council|centre|center|office|committee|association|foundation|organi[sz]ation|corporation|inc|ltd|llc|group)\b/i

/** One author as written: "Choi, Jangho", "Jangho Choi", or an institution as a literal. */
export function cslName(written: string): CslName {
  const name = written.replace(/\s+/g, ' ').trim()
  const comma = name.indexOf(',')
  if (comma > 0 && !institution.test(name)) {
    return { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim() }
  }
  const words = name.split(' ')
  if (words.length < 2 || words.length > 4 || institution.test(name)) return { literal: name }
  return { family: words[words.length - 1]!, given: words.slice(0, -1).join(' ') }
}

/**
 * The authors of an author field: separated by ";", " and " or "&"; or by commas when every
 * part is a whole name ("Jangho Choi, Minsu Kim"), since "Choi, Jangho" is one name.
 */
export function cslNames(field: string): CslName[] {
  return field
    .split(/\s*;\s*|\s+and\s+|\s*&\s*/i)
    .flatMap((part) => {
      const byComma = part.split(/\s*,\s*/)
      return byComma.length > 1 && byComma.every((p) => p.trim().includes(' ')) ? byComma : [part]
    })
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(cslName)
}

/** A PDF date ("D:20240501120000+09'00'") or an ISO date as CSL date parts. */
export function cslDate(written: string): CslDate | undefined {
  const match = /^(?:D:)?(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?/.exec(written.trim())
  if (!match) return undefined
  const parts = match
    .slice(1)
    .filter((p): p is string => p !== undefined)
    .map(Number)
  if (parts[0]! < 1000 || (parts[1] !== undefined && (parts[1] < 1 || parts[1] > 12))) {
    return undefined
  }
  return { 'date-parts': [parts] }
}

function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  if (typeof first !== 'string') return undefined
  const trimmed = first.replace(/\s+/g, ' ').trim()
  return trimmed === '' ? undefined : trimmed
}

/** A title field that is really a file name or a placeholder says nothing. */
function usableTitle(title: string | undefined): string | undefined {
  if (!title) return undefined
  const bare = title.replace(/^microsoft (word|powerpoint) - /i, '')
  if (/\.(docx?|pdf|rtf|odt|indd|tex|pptx?)$/i.test(bare) || /^untitled\b/i.test(bare)) {
    return undefined
  }
  return bare
}

/** The record fields a PDF's info dictionary and XMP metadata give; the type is a report. */
export function pdfRecord(
  info: Record<string, unknown>,
  xmp: XmpMetadata | null,
): Partial<CslItem> {
  const record: Partial<CslItem> = { type: 'report' }
  const title = usableTitle(text(info.Title) ?? text(xmp?.get('dc:title')))
  if (title) record.title = title
  const creators = xmp?.get('dc:creator')
  const author =
    text(info.Author) ??
    (Array.isArray(creators) ? creators.filter((c) => typeof c === 'string').join('; ') : undefined)
  if (author) record.author = cslNames(author)
  const created = text(info.CreationDate) ?? text(xmp?.get('xmp:createdate'))
  const issued = created ? cslDate(created) : undefined
  if (issued) record.issued = issued
  const subject = text(info.Subject) ?? text(xmp?.get('dc:description'))
  if (subject) record.abstract = subject
  const keywords = text(info.Keywords)
  if (keywords) record.keyword = keywords
  return record
}
