/**
 * The controls every form of a card ends with: a submit button and Cancel in one row, and a line
 * that reads refusals out to screen readers. Built in one place so the sidebar's forms (editing,
 * linking, threads) look and behave alike.
 */

/** A button with the given text and classes, of type `button` unless it submits its form. */
export function button(
  text: string,
  className: string,
  type: 'button' | 'submit' = 'button',
): HTMLButtonElement {
  const element = document.createElement('button')
  element.type = type
  element.className = className
  element.textContent = text
  return element
}

/** The closing controls of a form; the caller places `actions` and `message`. */
export interface FormControls {
  actions: HTMLDivElement
  submit: HTMLButtonElement
  cancel: HTMLButtonElement
  message: HTMLParagraphElement
}

/** Builds a submit button and Cancel in an actions row, plus the alert line for messages. */
export function formControls(submitText: string, size: 'small' | 'regular'): FormControls {
  const base = size === 'small' ? 'button button-small' : 'button'
  const submit = button(submitText, base, 'submit')
  const cancel = button('Cancel', `${base} button-quiet`)
  const actions = document.createElement('div')
  actions.className = 'link-actions'
  actions.append(submit, cancel)
  const message = document.createElement('p')
  message.className = 'link-message'
  message.setAttribute('role', 'alert')
  return { actions, submit, cancel, message }
}
