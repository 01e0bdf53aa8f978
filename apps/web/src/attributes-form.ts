/**
 * The attributes form of a card, suited to its kind: the attributes a reader sets most (a
 * claim's status, a prediction's due date and outcome, a statistic's value, unit and period, a
 * piece of evidence's source, a custom kind's fields) are controls right on the card that save
 * on change; the rest are read as a compact line and edited in the card's Edit form. Every write
 * goes through the model with the codebook (so it is validated and undo tracks it), and a
 * refusal is shown as text next to the controls.
 */
import { type Annotation, updateAnnotation } from '@warrant/annotations'
import { safeHref } from '@warrant/document'
import type * as Y from 'yjs'
import {
  type AttributeFieldView,
  attributeFields,
  attributeRefusal,
  attributeSummary,
  attributeText,
  parseAttribute,
  withAttribute,
} from './attribute-fields'
import type { LiveCodebook } from './codebook'

/** A labelled control for one attribute. */
interface AttributeControl {
  field: AttributeFieldView
  label: HTMLLabelElement
  control: HTMLInputElement | HTMLSelectElement
}

/** Builds the control of `field`: a chooser, a date, a number, a web address or text. */
function attributeControl(field: AttributeFieldView): AttributeControl {
  const label = document.createElement('label')
  label.className = `attribute attribute-${field.input}`
  label.dataset.attribute = field.key
  const name = document.createElement('span')
  name.className = 'attribute-label'
  name.textContent = field.label
  let control: HTMLInputElement | HTMLSelectElement
  if (field.input === 'choice') {
    const select = document.createElement('select')
    const unset = document.createElement('option')
    unset.value = ''
    unset.textContent = '—'
    select.append(
      unset,
      ...(field.choices ?? []).map((choice) => {
        const option = document.createElement('option')
        option.value = choice
        option.textContent = attributeSummary(field, choice)
        return option
      }),
    )
    control = select
  } else {
    const input = document.createElement('input')
    input.type = field.input === 'url' ? 'url' : field.input
    if (field.input === 'url') input.placeholder = 'https://…'
    if (field.min !== undefined) input.min = String(field.min)
    if (field.max !== undefined) input.max = String(field.max)
    if (field.step !== undefined) input.step = String(field.step)
    if (field.readOnly) input.readOnly = true
    control = input
  }
  control.name = field.key
  label.append(name, control)
  return { field, label, control }
}

/** Shows `value` in a control, leaving one the reader is typing in (or has to correct) alone. */
function showValue(control: AttributeControl['control'], value: unknown): void {
  if (document.activeElement === control || control.getAttribute('aria-invalid') === 'true') return
  const text = attributeText(value)
  if (control instanceof HTMLSelectElement && text !== '') {
    // A value the chooser does not list (the codebook changed) is still shown.
    if (![...control.options].some((option) => option.value === text)) {
      const option = document.createElement('option')
      option.value = text
      option.textContent = text
      control.append(option)
    }
  }
  if (control.value !== text) control.value = text
}

/** Options of `createAttributesForm`. */
export interface AttributesFormOptions {
  annotations: Y.Doc
  codebook: LiveCodebook
  /** The annotation's id and kind (a card is redrawn when its kind changes). */
  annotation: string
  kind: string
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
}

/** The attributes part of a card. */
export interface AttributesForm {
  element: HTMLElement
  /** Shows the annotation's attributes as they are now. */
  update(annotation: Annotation): void
}

/** Builds the on-card attribute controls and the compact line of the others. */
export function createAttributesForm(options: AttributesFormOptions): AttributesForm {
  const element = document.createElement('div')
  element.className = 'card-attributes'
  const quick = document.createElement('div')
  quick.className = 'attribute-controls'
  const summary = document.createElement('p')
  summary.className = 'attribute-summary'
  const message = document.createElement('p')
  message.className = 'attribute-message'
  message.setAttribute('role', 'alert')
  element.append(quick, summary, message)

  let current: Annotation | null = null
  let fieldsKey = ''
  let controls: AttributeControl[] = []
  let sourceLink: HTMLAnchorElement | null = null

  const commit = (entry: AttributeControl): void => {
    if (current === null) return
    const { field, control } = entry
    const previous = current.attributes[field.key]
    const parsed = parseAttribute(field, control.value, previous)
    if (parsed.kind === 'invalid') {
      control.setAttribute('aria-invalid', 'true')
      message.textContent = parsed.message
      return
    }
    const attributes = withAttribute(current.attributes, field.key, parsed)
    if (JSON.stringify(attributes) === JSON.stringify(current.attributes)) {
      control.removeAttribute('aria-invalid')
      message.textContent = ''
      return
    }
    try {
      updateAnnotation(
        options.annotations,
        current.id,
        { attributes, editor: options.user() },
        { origin: options.origin, codebook: options.codebook.current() },
      )
      control.removeAttribute('aria-invalid')
      message.textContent = ''
    } catch (failure) {
      const text = failure instanceof Error ? failure.message : String(failure)
      control.setAttribute('aria-invalid', 'true')
      message.textContent = attributeRefusal(
        controls.map((c) => c.field),
        text,
      )
    }
  }

  const build = (fields: AttributeFieldView[]): void => {
    controls = fields.filter((field) => field.quick).map(attributeControl)
    sourceLink = null
    const nodes: HTMLElement[] = []
    for (const entry of controls) {
      entry.control.addEventListener('change', () => commit(entry))
      entry.control.addEventListener('keydown', (event) => {
        if (!(event instanceof KeyboardEvent) || event.key !== 'Escape' || current === null) return
        // Escape drops what was typed and shows the stored value again.
        entry.control.removeAttribute('aria-invalid')
        message.textContent = ''
        entry.control.value = attributeText(current.attributes[entry.field.key])
      })
      nodes.push(entry.label)
      if (entry.field.input === 'url' && sourceLink === null) {
        sourceLink = document.createElement('a')
        sourceLink.className = 'attribute-open'
        sourceLink.textContent = 'Open'
        sourceLink.target = '_blank'
        sourceLink.rel = 'noopener noreferrer nofollow'
        nodes.push(sourceLink)
      }
    }
    quick.replaceChildren(...nodes)
    quick.hidden = controls.length === 0
  }

  return {
    element,
    update(annotation) {
      current = annotation
      const fields = attributeFields(options.codebook.current(), options.kind)
      const key = JSON.stringify(fields)
      if (key !== fieldsKey) {
        fieldsKey = key
        build(fields)
      }
      for (const entry of controls) showValue(entry.control, annotation.attributes[entry.field.key])
      if (sourceLink !== null) {
        const source = controls.find((c) => c.field.input === 'url')
        const href = source
          ? safeHref(attributeText(annotation.attributes[source.field.key]))
          : null
        if (href === null) {
          sourceLink.removeAttribute('href')
          sourceLink.hidden = true
        } else {
          sourceLink.href = href
          sourceLink.hidden = false
          sourceLink.setAttribute('aria-label', `Open source ${href}`)
        }
      }
      const others = fields.filter(
        (field) => !field.quick && annotation.attributes[field.key] !== undefined,
      )
      summary.replaceChildren(
        ...others.map((field) => {
          const item = document.createElement('span')
          item.className = 'attribute-item'
          const name = document.createElement('span')
          name.className = 'attribute-label'
          name.textContent = `${field.label} `
          item.append(name, attributeSummary(field, annotation.attributes[field.key]))
          return item
        }),
      )
      summary.hidden = others.length === 0
      element.hidden = controls.length === 0 && others.length === 0
    },
  }
}

/** The inputs of the attributes a card's Edit form holds (those not on the card itself). */
export interface AttributeInputs {
  element: HTMLElement
  /** Shows the inputs of `kind`'s other attributes filled from `attributes`. */
  show(kind: string, attributes: Record<string, unknown>): void
  /** The attributes with the inputs' values, or the reason an input cannot be read. */
  read(
    attributes: Record<string, unknown>,
  ): { attributes: Record<string, unknown> } | { error: string }
  /** The fields shown, to name a refused one by its label. */
  fields(): AttributeFieldView[]
}

/** Builds the attribute inputs of an Edit form; the kind chosen decides which are shown. */
export function createAttributeInputs(codebook: LiveCodebook): AttributeInputs {
  const element = document.createElement('fieldset')
  element.className = 'attribute-inputs'
  const legend = document.createElement('legend')
  legend.textContent = 'Details'
  let controls: AttributeControl[] = []
  let shownFor: Record<string, unknown> = {}
  return {
    element,
    show(kind, attributes) {
      shownFor = attributes
      controls = attributeFields(codebook.current(), kind)
        .filter((field) => !field.quick)
        .map(attributeControl)
      for (const entry of controls) showValue(entry.control, attributes[entry.field.key])
      element.replaceChildren(legend, ...controls.map((c) => c.label))
      element.hidden = controls.length === 0
    },
    read(attributes) {
      let next = { ...attributes }
      for (const { field, control } of controls) {
        if (field.readOnly) continue
        const parsed = parseAttribute(field, control.value, shownFor[field.key])
        if (parsed.kind === 'invalid') return { error: parsed.message }
        next = withAttribute(next, field.key, parsed)
      }
      return { attributes: next }
    },
    fields: () => controls.map((c) => c.field),
  }
}
