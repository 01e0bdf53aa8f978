/**
 * "Edit record…": editors and owners correct a document's bibliographic record after it was
 * created (an author the PDF did not name, a date it gave wrong). The server keeps the record,
 * so every later citation and export uses the corrected one.
 */
import type { CslItem } from '@warrant/document'
import { apiFetch } from './api'
import { formControls } from './form-controls'
import { createModal } from './modal'
import { createRecordForm } from './record-form'

/** Options of `createRecordControl`. */
export interface RecordControlOptions {
  documentId: string
  record: CslItem
  /** Called with the record the server stored. */
  onSaved(record: CslItem): void
}

/** Replaces a document's record; resolves to the record as stored. */
export async function saveRecord(documentId: string, record: Partial<CslItem>): Promise<CslItem> {
  const response = await apiFetch(`/api/documents/${encodeURIComponent(documentId)}/record`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(record),
  })
  return ((await response.json()) as { record: CslItem }).record
}

/** Builds "Edit record…" and its dialog. */
export function createRecordControl(options: RecordControlOptions): {
  element: HTMLElement
  destroy(): void
} {
  let current = options.record
  const { element, dialog, title } = createModal({
    name: 'record',
    label: 'Edit record…',
    title: 'Bibliographic record',
    onOpen: () => {
      controls.message.textContent = ''
      form.fill(current)
    },
  })
  const host = document.createElement('form')
  host.className = 'record-dialog-form'
  const form = createRecordForm(current)
  const controls = formControls('Save record', 'regular')
  host.append(title, form.element, controls.actions, controls.message)
  dialog.append(host)
  controls.cancel.addEventListener('click', () => dialog.close())
  host.addEventListener('submit', (event) => {
    event.preventDefault()
    const read = form.read()
    if ('error' in read) {
      controls.message.textContent = read.error
      read.field.focus()
      return
    }
    controls.submit.disabled = true
    saveRecord(options.documentId, read.record)
      .then((stored) => {
        current = stored
        options.onSaved(stored)
        dialog.close()
      })
      .catch((error: unknown) => {
        controls.message.textContent = error instanceof Error ? error.message : String(error)
      })
      .finally(() => {
        controls.submit.disabled = false
      })
  })
  return { element, destroy: () => dialog.close() }
}
