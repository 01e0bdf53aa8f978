/**
 * A top-bar button and the modal dialog it opens. Import and Share both need one, and the parts
 * a reader relies on are the same for each: the dialog is named by its heading, the button says
 * it opens a dialog, and however the dialog closes (Escape or a Close button) focus goes back
 * to the button that opened it.
 */
import { button } from './form-controls'

/** Options of `createModal`. */
export interface ModalOptions {
  /** Names the classes and the heading's id: `<name>-control`, `<name>-dialog`, `<name>-title`. */
  name: string
  /** The button's text. */
  label: string
  /** The dialog's heading. */
  title: string
  /** Runs just before the dialog opens (clear last time's messages). */
  onOpen?(): void
  /** Runs when the dialog has closed, before focus returns to the button. */
  onClose?(): void
}

/** The parts a control fills in: the heading goes wherever its layout wants it. */
export interface Modal {
  element: HTMLDivElement
  opener: HTMLButtonElement
  dialog: HTMLDialogElement
  title: HTMLHeadingElement
}

/** Builds the button and its (empty) dialog, wired to open, close and give focus back. */
export function createModal(options: ModalOptions): Modal {
  const element = document.createElement('div')
  element.className = `${options.name}-control`
  const opener = button(options.label, 'button')
  opener.setAttribute('aria-haspopup', 'dialog')
  const dialog = document.createElement('dialog')
  dialog.className = `dialog ${options.name}-dialog`
  dialog.setAttribute('aria-labelledby', `${options.name}-title`)
  const title = document.createElement('h2')
  title.id = `${options.name}-title`
  title.textContent = options.title
  element.append(opener, dialog)

  opener.addEventListener('click', () => {
    options.onOpen?.()
    dialog.showModal()
  })
  dialog.addEventListener('close', () => {
    options.onClose?.()
    opener.focus()
  })
  return { element, opener, dialog, title }
}
