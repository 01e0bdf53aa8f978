/**
 * A card's own actions: edit the annotation's kind, note and the attributes not shown on the card
 * itself (only kinds not retired are offered, plus the one it has; the attribute inputs follow
 * the kind chosen), delete it after a confirm step inside the card, and, for an orphan,
 * re-anchor it to the passage selected in the text.
 */
import { type AnchorHealth, type Annotation, updateAnnotation } from '@warrant/annotations'
import type * as Y from 'yjs'
import { attributeRefusal } from './attribute-fields'
import { createAttributeInputs } from './attributes-form'
import type { LiveCodebook } from './codebook'
import { button, formControls } from './form-controls'
import { kindLabel, taggableKinds } from './kinds'

/** Options of `createCardEdit`. */
export interface CardEditOptions {
  annotations: Y.Doc
  codebook: LiveCodebook
  user(): string
  /** The session's transaction origin (undo tracks it). */
  origin: object
  /** Deletes the annotation (with its relations and comments). */
  remove(id: string): void
  /** Moves the annotation onto the selected passage; returns why it could not, or null. */
  reanchor(id: string): string | null
}

/** The edit, delete and re-anchor controls of one card. */
export interface CardEdit {
  element: HTMLElement
  /** Shows the controls for the annotation as it is now. */
  update(annotation: Annotation, health: AnchorHealth | undefined): void
}

function smallButton(text: string, className = 'button button-small'): HTMLButtonElement {
  return button(text, className)
}

/** Builds the controls of the card of `annotation`. */
export function createCardEdit(annotation: Annotation, options: CardEditOptions): CardEdit {
  let current = annotation
  const element = document.createElement('div')
  element.className = 'card-edit'

  const buttons = document.createElement('div')
  buttons.className = 'card-actions'
  const edit = smallButton('Edit', 'button-link')
  const remove = smallButton('Delete', 'button-link')
  buttons.append(edit, remove)
  const reanchor = smallButton('Re-anchor to selection', 'button button-small card-reanchor')
  reanchor.hidden = true
  // Keep the text's selection when the mouse presses this button.
  reanchor.addEventListener('mousedown', (event) => event.preventDefault())

  const confirm = document.createElement('div')
  confirm.className = 'card-confirm'
  confirm.setAttribute('role', 'group')
  confirm.setAttribute('aria-label', 'Confirm deletion')
  confirm.hidden = true
  const question = document.createElement('span')
  question.textContent = 'Delete this annotation, its relations and its discussion?'
  const yes = smallButton('Yes, delete', 'button button-small button-danger')
  const keep = smallButton('Keep', 'button button-small button-quiet')
  confirm.append(question, yes, keep)

  const form = document.createElement('form')
  form.className = 'card-form'
  form.hidden = true
  const kindField = document.createElement('label')
  kindField.textContent = 'Kind'
  const kind = document.createElement('select')
  kindField.append(kind)
  const noteField = document.createElement('label')
  noteField.textContent = 'Note'
  const note = document.createElement('textarea')
  note.rows = 3
  noteField.append(note)
  const details = createAttributeInputs(options.codebook)
  const { actions: formActions, cancel, message } = formControls('Save', 'small')
  form.append(kindField, noteField, details.element, formActions)
  element.append(buttons, reanchor, confirm, form, message)

  const showButtons = (): void => {
    buttons.hidden = false
    confirm.hidden = true
    form.hidden = true
  }

  const fillKinds = (): void => {
    const codebook = options.codebook.current()
    const keys = taggableKinds(codebook).map((k) => k.key)
    if (!keys.includes(current.kind)) keys.unshift(current.kind)
    kind.replaceChildren(
      ...keys.map((key) => {
        const option = document.createElement('option')
        option.value = key
        option.textContent = kindLabel(codebook, key)
        return option
      }),
    )
    kind.value = current.kind
  }

  edit.addEventListener('click', () => {
    fillKinds()
    note.value = current.note
    details.show(current.kind, current.attributes)
    message.textContent = ''
    buttons.hidden = true
    form.hidden = false
    note.focus()
  })
  kind.addEventListener('change', () => {
    details.show(kind.value, kind.value === current.kind ? current.attributes : {})
  })
  cancel.addEventListener('click', showButtons)
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') showButtons()
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const patch: {
      kind?: string
      note?: string
      attributes?: Record<string, unknown>
      editor: string
    } = { editor: options.user() }
    const newKind = kind.value !== current.kind
    if (newKind) patch.kind = kind.value
    if (note.value !== current.note) patch.note = note.value
    const read = details.read(newKind ? {} : current.attributes)
    if ('error' in read) {
      message.textContent = read.error
      return
    }
    if (newKind || JSON.stringify(read.attributes) !== JSON.stringify(current.attributes)) {
      patch.attributes = read.attributes
    }
    try {
      if (patch.kind !== undefined || patch.note !== undefined || patch.attributes !== undefined) {
        updateAnnotation(options.annotations, current.id, patch, {
          origin: options.origin,
          codebook: options.codebook.current(),
        })
      }
      message.textContent = ''
      showButtons()
    } catch (failure) {
      const text = failure instanceof Error ? failure.message : String(failure)
      message.textContent = attributeRefusal(details.fields(), text)
    }
  })

  remove.addEventListener('click', () => {
    buttons.hidden = true
    confirm.hidden = false
    keep.focus()
  })
  keep.addEventListener('click', showButtons)
  yes.addEventListener('click', () => options.remove(current.id))
  reanchor.addEventListener('click', () => {
    message.textContent = options.reanchor(current.id) ?? ''
  })

  return {
    element,
    update(next, health) {
      current = next
      reanchor.hidden = health !== 'orphaned'
      if (health !== 'orphaned' && message.textContent !== '' && form.hidden) {
        message.textContent = ''
      }
    },
  }
}
