/**
 * The owner's share dialog: the links that open this document (label, role, scope, expiry,
 * creation), each revocable after a confirmation, and a form that creates a link for a role.
 * A new link's secret is shown once, as an absolute address with a "Copy link" button; the
 * server keeps only its hash. Labels are set as text, never as HTML.
 */
import './styles/share.css'
import { createShare, listShares, type Me, revokeShare, type Share } from './api'
import { button } from './form-controls'
import { createModal } from './modal'
import { timeElement } from './time'

/** Options of `createShareControl`. */
export interface ShareControlOptions {
  documentId: string
  documentTitle: string
}

/** The "Share…" button and its dialog. */
export interface ShareControl {
  element: HTMLElement
  destroy(): void
}

const roleChoices: Array<{ role: Me['role']; text: string }> = [
  { role: 'viewer', text: 'Viewer · reads, exports' },
  { role: 'annotator', text: 'Annotator · also tags' },
  { role: 'editor', text: 'Editor · also edits text' },
  { role: 'owner', text: 'Owner · also shares' },
]

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function field(caption: string, control: HTMLElement, hint = ''): HTMLLabelElement {
  const label = document.createElement('label')
  label.className = 'share-field'
  const text = document.createElement('span')
  text.textContent = caption
  label.append(text, control)
  if (hint !== '') {
    const small = document.createElement('small')
    small.textContent = hint
    label.append(small)
  }
  return label
}

function cell(content: string | Node): HTMLTableCellElement {
  const td = document.createElement('td')
  td.append(content)
  return td
}

// The end of the chosen day, local time: a link "until 31 March" works all of 31 March.
function expiryFrom(value: string): string | null {
  if (value === '') return null
  return new Date(`${value}T23:59:59`).toISOString()
}

/** Builds "Share…" and the modal dialog it opens. */
export function createShareControl(options: ShareControlOptions): ShareControl {
  const { element, dialog, title } = createModal({
    name: 'share',
    label: 'Share…',
    title: `Share “${options.documentTitle}”`,
    onOpen: () => {
      formMessage.textContent = ''
      forgetSecret()
      void refresh()
    },
    // The secret leaves the page when the dialog closes: it was shown once.
    onClose: () => forgetSecret(),
  })
  const closeButton = button('Close', 'button button-small button-quiet share-close')

  // The form for a new link.
  const form = document.createElement('form')
  form.className = 'share-form'
  form.setAttribute('aria-label', 'New share link')
  const role = document.createElement('select')
  for (const choice of roleChoices) role.append(new Option(choice.text, choice.role))
  const label = document.createElement('input')
  label.type = 'text'
  label.required = true
  label.maxLength = 120
  label.placeholder = 'e.g. Review team'
  const expires = document.createElement('input')
  expires.type = 'date'
  const create = button('Create link', 'button', 'submit')
  const formMessage = document.createElement('p')
  formMessage.className = 'share-message'
  formMessage.setAttribute('role', 'alert')
  form.append(
    field('Role', role),
    field('Label', label, 'Who the link is for; shown to you in this list.'),
    field('Expires', expires, 'Optional. The link stops working after this day.'),
    create,
    formMessage,
  )

  // The new link, shown once.
  const created = document.createElement('div')
  created.className = 'share-created'
  created.hidden = true
  const createdText = document.createElement('p')
  const link = document.createElement('input')
  link.type = 'text'
  link.readOnly = true
  link.className = 'share-link'
  link.setAttribute('aria-label', 'New link')
  const copy = button('Copy link', 'button button-small')
  const copied = document.createElement('span')
  copied.className = 'share-copied'
  copied.setAttribute('role', 'status')
  created.append(createdText, link, copy, copied)
  const forgetSecret = (): void => {
    created.hidden = true
    link.value = ''
  }

  // The existing links.
  const listHeading = document.createElement('h3')
  listHeading.textContent = 'Links that open this document'
  const listMessage = document.createElement('p')
  listMessage.className = 'share-message'
  listMessage.setAttribute('role', 'status')
  const table = document.createElement('table')
  table.className = 'share-list'
  const head = table.createTHead().insertRow()
  for (const text of ['Label', 'Role', 'Opens', 'Expires', 'Created', '']) {
    const th = document.createElement('th')
    th.scope = 'col'
    th.textContent = text
    head.append(th)
  }
  const body = table.createTBody()

  const header = document.createElement('div')
  header.className = 'share-header'
  header.append(title, closeButton)
  const newHeading = document.createElement('h3')
  newHeading.textContent = 'New link'
  dialog.append(header, newHeading, form, created, listHeading, listMessage, table)

  let live = true

  const revokeCell = (share: Share): HTMLTableCellElement => {
    const td = document.createElement('td')
    td.className = 'share-actions'
    const revoke = button('Revoke', 'button button-small')
    revoke.setAttribute('aria-label', `Revoke ${share.label}`)
    const ask = (): void => {
      const question = document.createElement('span')
      // The owner's own link is listed too; revoking it locks this browser out as well.
      question.textContent =
        share.role === 'owner'
          ? 'Stop this owner link now? If it is the one you are using, you lose access too.'
          : 'Stop this link now?'
      const yes = button('Revoke link', 'button button-small share-danger')
      const no = button('Cancel', 'button button-small button-quiet')
      yes.addEventListener('click', () => {
        yes.disabled = true
        revokeShare(options.documentId, share.id)
          .then(refresh)
          .catch((error: unknown) => {
            listMessage.textContent = `Could not revoke “${share.label}”: ${failure(error)}`
            td.replaceChildren(revoke)
          })
      })
      no.addEventListener('click', () => {
        td.replaceChildren(revoke)
        revoke.focus()
      })
      const confirm = document.createElement('span')
      confirm.append(question, yes, no)
      td.replaceChildren(confirm)
      no.focus()
    }
    revoke.addEventListener('click', ask)
    td.append(revoke)
    return td
  }

  const render = (shares: Share[]): void => {
    const rows = [...shares]
      .sort((a, b) => b.created.localeCompare(a.created))
      .map((share) => {
        const row = document.createElement('tr')
        row.dataset.share = share.id
        row.append(
          cell(share.label),
          cell(share.role),
          cell(share.document === null ? 'All documents' : 'This document'),
          cell(share.expires === null ? 'Never' : timeElement(share.expires)),
          cell(timeElement(share.created)),
          revokeCell(share),
        )
        return row
      })
    body.replaceChildren(...rows)
    listMessage.textContent = shares.length === 0 ? 'No links yet.' : ''
  }

  function refresh(): Promise<void> {
    listMessage.textContent = 'Loading…'
    return listShares(options.documentId)
      .then((shares) => {
        if (live) render(shares)
      })
      .catch((error: unknown) => {
        listMessage.textContent = `Could not list the links: ${failure(error)}`
      })
  }

  closeButton.addEventListener('click', () => dialog.close())

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const request = {
      role: role.value as Me['role'],
      label: label.value.trim(),
      expires: expiryFrom(expires.value),
    }
    if (request.label === '') {
      formMessage.textContent = 'Give the link a label, such as who it is for.'
      return
    }
    create.disabled = true
    formMessage.textContent = ''
    createShare(options.documentId, request)
      .then((answer) => {
        link.value = new URL(answer.path, window.location.origin).href
        createdText.textContent = `Link for “${answer.share.label}” (${answer.share.role}). Copy it now: it is shown only once.`
        copied.textContent = ''
        created.hidden = false
        label.value = ''
        expires.value = ''
        link.select()
        return refresh()
      })
      .catch((error: unknown) => {
        formMessage.textContent = `Could not create the link: ${failure(error)}`
      })
      .finally(() => {
        create.disabled = false
      })
  })

  copy.addEventListener('click', () => {
    navigator.clipboard
      .writeText(link.value)
      .then(() => {
        copied.textContent = 'Copied.'
      })
      .catch(() => {
        link.select()
        copied.textContent = 'Select the link and copy it with Ctrl+C.'
      })
  })

  return {
    element,
    destroy: () => {
      live = false
      dialog.close()
    },
  }
}
