/** Downloading an export of a document (the claims records first) as a file, with the reader's token. */
import { apiFetch } from './api'

/** Fetches `/api/documents/:id/export?format=F` and saves it through a download link. */
export async function downloadExport(documentId: string, format = 'claims'): Promise<void> {
  const response = await apiFetch(
    `/api/documents/${encodeURIComponent(documentId)}/export?format=${encodeURIComponent(format)}`,
  )
  const blob = await response.blob()
  const extension = format === 'claims' ? 'json' : format
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = `${documentId}-${format}.${extension}`
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the click; the object URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A button that downloads the claims export and reports failures in its own title. */
export function exportButton(documentId: string): HTMLButtonElement {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'button'
  button.textContent = 'Export claims'
  button.addEventListener('click', () => {
    button.disabled = true
    button.removeAttribute('title')
    downloadExport(documentId)
      .catch((error: unknown) => {
        button.title = `Export failed: ${error instanceof Error ? error.message : String(error)}`
        button.classList.add('is-failed')
      })
      .finally(() => {
        button.disabled = false
      })
  })
  return button
}
