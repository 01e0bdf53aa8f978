/**
 * A card's own actions: edit the annotation's kind and note (only kinds not retired are
 * offered, plus the one it has), delete it after a confirm step inside the card, and, for an
 * orphan, re-anchor it to the passage selected in the text.
 */
import { type AnchorHealth, type Annotation, updateAnnotation } from '@warrant/annotations'
import type * as Y from 'yjs'
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
  const { actions: formActions, cancel, message } = formControls('Save', 'small')
  form.append(kindField, noteField, formActions)
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
    message.textContent = ''
    buttons.hidden = true
    form.hidden = false
    note.focus()
  })
  cancel.addEventListener('click', showButtons)
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') showButtons()
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const patch: { kind?: string; note?: string; editor: string } = { editor: options.user() }
    if (kind.value !== current.kind) patch.kind = kind.value
    if (note.value !== current.note) patch.note = note.value
    try {
      if (patch.kind !== undefined || patch.note !== undefined) {
        updateAnnotation(options.annotations, current.id, patch, {
          origin: options.origin,
          codebook: options.codebook.current(),
        })
      }
      message.textContent = ''
      showButtons()
    } catch (failure) {
      message.textContent = failure instanceof Error ? failure.message : String(failure)
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
