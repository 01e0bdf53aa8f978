/**
 * The one-time question of a first visit: what name collaborators should see next to this
 * reader's cursor, annotations and comments. It is a slim banner under the top bar, never a
 * modal: reading and tagging go on around it. Answering (or keeping the suggested name) is
 * remembered in this browser, and the top bar's name field still changes it later.
 */
import './styles/presence.css'
import { button } from './form-controls'
import { displayName, hasChosenName, onDisplayNameChange, setDisplayName } from './session'

/** The banner, or null when the reader already has a name, and its teardown. */
export interface NamePrompt {
  element: HTMLElement | null
  destroy(): void
}

/** Builds the name question for a reader who has not chosen a name yet. */
export function createNamePrompt(): NamePrompt {
  if (hasChosenName()) return { element: null, destroy: () => {} }
  const element = document.createElement('form')
  element.className = 'name-prompt'
  element.setAttribute('aria-label', 'Choose a display name')

  const question = document.createElement('label')
  question.className = 'name-prompt-question'
  question.htmlFor = 'name-prompt-input'
  question.textContent = 'What name should your collaborators see?'
  const input = document.createElement('input')
  input.type = 'text'
  input.id = 'name-prompt-input'
  input.name = 'display-name'
  input.maxLength = 80
  input.required = true
  input.setAttribute('autocomplete', 'name')
  input.placeholder = displayName()
  const hint = document.createElement('span')
  hint.className = 'name-prompt-hint'
  hint.textContent = 'It shows on your cursor, annotations and comments. You can change it later.'
  const save = button('Save name', 'button button-small', 'submit')
  const keep = button(`Keep “${displayName()}”`, 'button button-small button-quiet')
  element.append(question, input, save, keep, hint)

  const close = (): void => {
    stopName()
    element.remove()
  }
  const stopName = onDisplayNameChange(close)
  element.addEventListener('submit', (event) => {
    event.preventDefault()
    if (input.value.trim() === '') {
      input.focus()
      return
    }
    void setDisplayName(input.value)
    close()
  })
  // Keeping the suggestion is an answer too: the question is asked once.
  keep.addEventListener('click', () => {
    void setDisplayName(displayName())
    close()
  })
  return { element, destroy: close }
}
