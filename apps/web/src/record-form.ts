/**
 * The bibliographic record as a reader corrects it: type, title, authors, publisher, date and
 * address, the fields a citation is made of. The new-document dialog and "Edit record…" both
 * use it, so a record reads and is checked the same way wherever it is corrected.
 */
import './styles/new-document.css'
import type { CslItem, CslName } from '@warrant/document'

/** The record types offered, as CSL names them, with the words a reader knows them by. */
export const recordTypes: Array<[string, string]> = [
  ['report', 'Report or brief'],
  ['article-journal', 'Journal article'],
  ['article-newspaper', 'Newspaper article'],
  ['webpage', 'Web page'],
  ['book', 'Book'],
  ['chapter', 'Book chapter'],
  ['document', 'Other document'],
]

/** A record form: its element, the record it holds, and a way to fill it again. */
export interface RecordForm {
  element: HTMLFieldSetElement
  /** The record as entered, or the sentence saying what to correct. */
  read(): { record: Partial<CslItem> } | { error: string; field: HTMLElement }
  /** Fills the fields from a record. */
  fill(record: Partial<CslItem>): void
}

/** A name as one line: "Family, Given", or the literal name. */
export function nameLine(name: CslName): string {
  if (name.literal) return name.literal
  return [name.family, name.given].filter((part) => part && part !== '').join(', ')
}

/** A line as a CSL name: "Family, Given" splits at the first comma; anything else is literal. */
export function parseNameLine(line: string): CslName | null {
  const text = line.trim()
  if (text === '') return null
  const comma = text.indexOf(',')
  if (comma < 0) return { literal: text }
  const family = text.slice(0, comma).trim()
  const given = text.slice(comma + 1).trim()
  return given === '' ? { family } : { family, given }
}

/** The date field's text for an issued date (YYYY, YYYY-MM or YYYY-MM-DD). */
export function dateLine(record: Partial<CslItem>): string {
  const parts = record.issued?.['date-parts']?.[0] ?? []
  return parts.map((part, i) => (i === 0 ? String(part) : String(part).padStart(2, '0'))).join('-')
}

/** An issued date from the field's text, undefined when blank, null when it is not a date. */
export function parseDateLine(text: string): CslItem['issued'] | null | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(trimmed)
  if (!match) return null
  const parts = match
    .slice(1)
    .filter((part) => part !== undefined)
    .map(Number)
  if ((parts[1] ?? 1) > 12 || (parts[2] ?? 1) > 31) return null
  return { 'date-parts': [parts] }
}

/** A control under its caption (and a hint below), as every field of these forms is laid out. */
export function labelledField(
  labelText: string,
  control: HTMLElement,
  hint?: string,
): HTMLLabelElement {
  const label = document.createElement('label')
  label.className = 'record-field'
  const caption = document.createElement('span')
  caption.textContent = labelText
  label.append(caption, control)
  if (hint) {
    const small = document.createElement('small')
    small.textContent = hint
    label.append(small)
  }
  return label
}

function input(name: string): HTMLInputElement {
  const element = document.createElement('input')
  element.type = 'text'
  element.name = name
  return element
}

/** Builds the record's fields, filled from `record`. */
export function createRecordForm(record: Partial<CslItem> = {}): RecordForm {
  const element = document.createElement('fieldset')
  element.className = 'record-form'
  const legend = document.createElement('legend')
  legend.textContent = 'Bibliographic record'
  const type = document.createElement('select')
  type.name = 'type'
  for (const [value, text] of recordTypes) type.append(new Option(text, value))
  const title = input('title')
  title.required = true
  const authors = document.createElement('textarea')
  authors.name = 'authors'
  authors.rows = 3
  const publisher = input('publisher')
  const date = input('issued')
  date.placeholder = 'YYYY-MM-DD'
  const url = input('URL')
  url.type = 'url'
  element.append(
    legend,
    labelledField('Type', type),
    labelledField('Title', title),
    labelledField('Authors', authors, 'One a line, as "Family, Given" (or an organisation’s name)'),
    labelledField('Publisher', publisher),
    labelledField('Date', date, 'A year, or year-month-day'),
    labelledField('Address (URL)', url),
  )
  // Fields the form does not show (DOI, container title…) are kept as they came.
  let kept: Partial<CslItem> = {}

  const fill = (next: Partial<CslItem>): void => {
    kept = next
    const known = recordTypes.some(([value]) => value === next.type)
    type.value = known ? (next.type as string) : 'document'
    title.value = next.title ?? ''
    authors.value = (next.author ?? []).map(nameLine).join('\n')
    publisher.value = next.publisher ?? ''
    date.value = dateLine(next)
    url.value = next.URL ?? ''
  }

  const read: RecordForm['read'] = () => {
    if (title.value.trim() === '') return { error: 'A document needs a title.', field: title }
    const issued = parseDateLine(date.value)
    if (issued === null) {
      return { error: 'Write the date as a year, or as year-month-day.', field: date }
    }
    const address = url.value.trim()
    if (address !== '' && !/^https?:\/\/\S+$/i.test(address)) {
      return { error: 'The address must start with http:// or https://.', field: url }
    }
    const next: Partial<CslItem> = { ...kept, type: type.value, title: title.value.trim() }
    const names = authors.value.split('\n').map(parseNameLine)
    const author = names.filter((name): name is CslName => name !== null)
    const set = <K extends keyof CslItem>(key: K, value: CslItem[K] | undefined): void => {
      if (value === undefined) delete next[key]
      else next[key] = value
    }
    set('author', author.length > 0 ? author : undefined)
    set('publisher', publisher.value.trim() || undefined)
    set('issued', issued)
    set('URL', address || undefined)
    return { record: next }
  }

  fill(record)
  return { element, read, fill }
}
