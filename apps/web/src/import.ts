/**
 * The import dialog: an export file (claims, JSON Lines or Web Annotations) is posted as it is,
 * and the server's report is read back in plain words, down to every item it had to skip. The
 * imported annotations reach the sidebar through sync like anyone's edits; nothing reloads.
 */
import { apiFetch } from './api'
import { formControls } from './form-controls'
import { createModal } from './modal'

/** The report of `POST /api/documents/:id/import`. */
export interface ImportReport {
  annotations: number
  placed: { unchanged: number; moved: number; changed: number; ambiguous: number }
  relations: number
  comments: number
  ids: Record<string, string>
  skipped: Array<{ type: string; id: string; reason: string }>
}

/** The import button and its dialog. */
export interface ImportControl {
  element: HTMLElement
  destroy(): void
}

/** The content type the server reads an export file's text as, from the file's extension. */
export function importContentType(filename: string): string {
  const name = filename.toLowerCase()
  if (name.endsWith('.jsonl')) return 'application/jsonl'
  if (name.endsWith('.jsonld')) return 'application/ld+json'
  return 'application/json'
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Posts an export file's text to the document; resolves to the server's report. */
export async function importFile(documentId: string, file: File): Promise<ImportReport> {
  const response = await apiFetch(`/api/documents/${encodeURIComponent(documentId)}/import`, {
    method: 'POST',
    headers: { 'Content-Type': importContentType(file.name) },
    body: await file.text(),
  })
  return (await response.json()) as ImportReport
}

/** The report as lines of plain text: the counts first, then every skipped item and why. */
export function reportLines(report: ImportReport): { summary: string[]; skipped: string[] } {
  const { unchanged, moved, changed, ambiguous } = report.placed
  const orphaned = changed + ambiguous
  const summary = [`Imported ${count(report.annotations, 'annotation', 'annotations')}.`]
  if (unchanged > 0) summary.push(`${unchanged} placed on their passage, unchanged.`)
  if (moved > 0) summary.push(`${moved} moved to where their passage is now.`)
  if (orphaned > 0) {
    summary.push(
      `${orphaned} orphaned: their passage has changed or appears more than once; find them under Orphans.`,
    )
  }
  summary.push(
    `${count(report.relations, 'relation', 'relations')} and ${count(report.comments, 'comment', 'comments')} imported.`,
  )
  const skipped = report.skipped.map((item) => `${item.type} ${item.id}: ${item.reason}`)
  return { summary, skipped }
}

/** Fills `host` with the report, every string through textContent. */
function renderReport(host: HTMLElement, report: ImportReport): void {
  const { summary, skipped } = reportLines(report)
  const lines = summary.map((text) => {
    const line = document.createElement('p')
    line.textContent = text
    return line
  })
  host.replaceChildren(...lines)
  if (skipped.length === 0) return
  const caption = document.createElement('p')
  caption.textContent = `Skipped ${count(skipped.length, 'item', 'items')}:`
  const list = document.createElement('ul')
  list.className = 'import-skipped'
  for (const text of skipped) {
    const item = document.createElement('li')
    item.textContent = text
    list.append(item)
  }
  host.append(caption, list)
}

/** Builds "Import annotations…" and the modal dialog it opens. */
export function createImportControl(documentId: string): ImportControl {
  const { element, dialog, title } = createModal({
    name: 'import',
    label: 'Import annotations…',
    title: 'Import annotations',
    onOpen: () => {
      controls.message.textContent = ''
    },
  })
  const form = document.createElement('form')
  form.className = 'import-form'
  const help = document.createElement('p')
  help.className = 'import-help'
  help.textContent =
    'Choose a claims (.json), JSON Lines (.jsonl) or Web Annotation (.jsonld) export. ' +
    'Each annotation goes back onto its passage; relations and threads come along.'
  const field = document.createElement('label')
  field.className = 'export-field'
  const caption = document.createElement('span')
  caption.textContent = 'Export file'
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = '.json,.jsonl,.jsonld'
  field.append(caption, input)
  const controls = formControls('Import', 'regular')
  controls.cancel.textContent = 'Close'
  const report = document.createElement('div')
  report.className = 'import-report'
  report.setAttribute('role', 'status')
  form.append(title, help, field, controls.actions, controls.message, report)
  dialog.append(form)
  controls.cancel.addEventListener('click', () => dialog.close())
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const file = input.files?.[0]
    if (file === undefined) {
      controls.message.textContent = 'Choose an export file first.'
      return
    }
    controls.submit.disabled = true
    controls.message.textContent = ''
    report.textContent = `Importing ${file.name}…`
    importFile(documentId, file)
      .then((answer) => {
        renderReport(report, answer)
        input.value = ''
      })
      .catch((error: unknown) => {
        report.textContent = ''
        const text = error instanceof Error ? error.message : String(error)
        controls.message.textContent = `Import failed: ${text}`
      })
      .finally(() => {
        controls.submit.disabled = false
      })
  })

  return { element, destroy: () => dialog.close() }
}
