/**
 * The attributes a card offers for each kind, read from the model: a claim's status, claim type
 * and confidence, a prediction's due date, outcome and resolution, a statistic's value, unit,
 * period and place, a piece of evidence's source, an actor's name, and for a custom kind each
 * field its codebook declares. Each field says how it is entered (a chooser, a date, a number,
 * text or a web address) and whether it sits right on the card or in the card's Edit form, and
 * turns a control's text into the value the model stores (and back). No DOM here.
 */
import { attributeSchemas, type Codebook, isBuiltinKind } from '@warrant/annotations'

/** How an attribute is entered. */
export type AttributeInput = 'choice' | 'date' | 'number' | 'text' | 'url'

/** One attribute as a card shows and edits it. */
export interface AttributeFieldView {
  key: string
  label: string
  input: AttributeInput
  /** The values a `choice` allows, in the model's order. */
  choices?: readonly string[]
  /** Bounds of a number. */
  min?: number
  max?: number
  step?: number
  /** Shown as a control right on the card; the others are edited in the card's Edit form. */
  quick: boolean
  /** Shown, never edited on the card (a CSL item has its own editor elsewhere). */
  readOnly?: boolean
}

const claim = attributeSchemas.claim.shape
const prediction = attributeSchemas.prediction.shape

/** The attributes of each built-in kind, in the order the card shows them. */
const builtinFields: Record<string, AttributeFieldView[]> = {
  claim: [
    {
      key: 'status',
      label: 'Status',
      input: 'choice',
      choices: claim.status.unwrap().options,
      quick: true,
    },
    {
      key: 'claimType',
      label: 'Claim type',
      input: 'choice',
      choices: claim.claimType.unwrap().options,
      quick: false,
    },
    {
      key: 'confidence',
      label: 'Confidence',
      input: 'number',
      min: 0,
      max: 1,
      step: 0.05,
      quick: false,
    },
  ],
  evidence: [{ key: 'source', label: 'Source', input: 'url', quick: true }],
  prediction: [
    { key: 'due', label: 'Due', input: 'date', quick: true },
    {
      key: 'outcome',
      label: 'Outcome',
      input: 'choice',
      choices: prediction.outcome.unwrap().options,
      quick: true,
    },
    { key: 'resolution', label: 'Resolution', input: 'text', quick: false },
  ],
  statistic: [
    { key: 'value', label: 'Value', input: 'number', step: 0.01, quick: true },
    { key: 'unit', label: 'Unit', input: 'text', quick: true },
    { key: 'period', label: 'Period', input: 'text', quick: true },
    { key: 'place', label: 'Place', input: 'text', quick: false },
  ],
  source: [{ key: 'item', label: 'Reference', input: 'text', quick: false, readOnly: true }],
  actor: [
    { key: 'name', label: 'Name', input: 'text', quick: false },
    { key: 'wikidata', label: 'Wikidata item', input: 'text', quick: false },
  ],
  recommendation: [],
}

/** The attributes a card offers for `kind`: the built-in ones, or a custom kind's declared fields. */
export function attributeFields(codebook: Codebook, kind: string): AttributeFieldView[] {
  if (isBuiltinKind(kind)) return builtinFields[kind] ?? []
  const declared = codebook.kinds.find((k) => k.key === kind)?.fields ?? []
  return declared.map((field) => ({
    key: field.key,
    label: field.label,
    input: field.type === 'choice' ? 'choice' : field.type,
    ...(field.choices ? { choices: field.choices } : {}),
    quick: true,
  }))
}

/** A CSL item's readable name: its title, else its id. */
function itemName(value: Record<string, unknown>): string {
  const title = value.title
  if (typeof title === 'string' && title !== '') return title
  const id = value.id
  return typeof id === 'string' || typeof id === 'number' ? String(id) : 'a reference'
}

/** The text a control shows for a stored value ('' when unset). */
export function attributeText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'object') return itemName(value as Record<string, unknown>)
  return String(value)
}

/** What a control's text means: no value, a value to store, or an entry that is not a number. */
export type ParsedAttribute =
  | { kind: 'unset' }
  | { kind: 'value'; value: unknown }
  | { kind: 'invalid'; message: string }

/**
 * The value a control's `text` stands for. `previous` is the stored value: when the text is what
 * that value shows (a CSL item shown by its title), the stored value is kept as it is.
 */
export function parseAttribute(
  field: AttributeFieldView,
  text: string,
  previous: unknown,
): ParsedAttribute {
  if (previous !== undefined && text === attributeText(previous)) {
    return { kind: 'value', value: previous }
  }
  const trimmed = text.trim()
  if (trimmed === '') return { kind: 'unset' }
  if (field.input === 'number') {
    const value = Number(trimmed)
    if (!Number.isFinite(value)) return { kind: 'invalid', message: `${field.label}: a number` }
    return { kind: 'value', value }
  }
  return { kind: 'value', value: field.input === 'text' ? text : trimmed }
}

/** The attributes with `key` set to what `parsed` says (removed when unset). */
export function withAttribute(
  attributes: Record<string, unknown>,
  key: string,
  parsed: ParsedAttribute,
): Record<string, unknown> {
  const next = { ...attributes }
  if (parsed.kind === 'value') next[key] = parsed.value
  else delete next[key]
  return next
}

/** A value as the compact summary reads it ("disputed", "0.8", "2024-05-19"). */
export function attributeSummary(field: AttributeFieldView, value: unknown): string {
  const text = attributeText(value)
  return field.input === 'choice' ? text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : text
}

/**
 * The refusal of a write as the reader should read it: the model names the field
 * (`attributes.source: Invalid URL`), the card names its label (`Source: Invalid URL`).
 */
export function attributeRefusal(fields: readonly AttributeFieldView[], message: string): string {
  const match = /^attributes\.([A-Za-z0-9_]+)(?:\.[^:]*)?: (.*)$/.exec(message)
  if (match === null) return message
  const field = fields.find((f) => f.key === match[1])
  return `${field?.label ?? match[1]}: ${match[2]}`
}
