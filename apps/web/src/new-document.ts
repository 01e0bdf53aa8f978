/**
 * The "New document" dialog: a file (PDF, HTML, Markdown or text) or pasted text becomes a
 * document. The server cleans it first and the reader sees the result (headings, paragraphs,
 * the page each starts on) and the bibliographic record it found, corrects the record, and
 * only then creates the document. Nothing is stored before "Create".
 */
import './styles/new-document.css'
import type { CslItem } from '@warrant/document'
import { apiFetch } from './api'
import { button, formControls } from './form-controls'
import { createModal } from './modal'
import { createRecordForm, labelledField } from './record-form'
import { navigate } from './router'

/** One textblock of the cleaned text, as `POST /api/documents/preview` gives it. */
export interface PreviewBlock {
  heading: number | null
  page: number | null
  text: string
}

/** What the server made of a source, before anything is stored. */
export interface Preview {
  record: Partial<CslItem>
  blocks: PreviewBlock[]
}

const pasteTypes: Array<[string, string, string]> = [
  ['text/markdown', 'Markdown', 'pasted.md'],
  ['text/plain', 'Plain text', 'pasted.txt'],
  ['text/html', 'HTML', 'pasted.html'],
]

// Blocks shown in the preview; the rest are counted.
const previewBlocks = 40

/** The source as a form field: the chosen file, or the pasted text as a file of its type. */
function sourceFile(file: File | undefined, pasted: string, type: string): File | null {
  if (file) return file
  if (pasted.trim() === '') return null
  const [, , name] = pasteTypes.find(([value]) => value === type) ?? pasteTypes[0]!
  return new File([pasted], name, { type })
}

/** Asks the server what it would make of a source. */
export async function previewSource(source: File): Promise<Preview> {
  const body = new FormData()
  body.append('file', source)
  const response = await apiFetch('/api/documents/preview', { method: 'POST', body })
  return (await response.json()) as Preview
}

/** Creates a document from a source and its corrected record; resolves to the new id. */
export async function createDocument(source: File, record: Partial<CslItem>): Promise<string> {
  const body = new FormData()
  body.append('file', source)
  body.append('record', JSON.stringify(record))
  const response = await apiFetch('/api/documents', { method: 'POST', body })
  return ((await response.json()) as { id: string }).id
}

function renderPreview(host: HTMLElement, blocks: PreviewBlock[]): void {
  const items = blocks.slice(0, previewBlocks).map((block) => {
    const item = document.createElement('li')
    item.className = block.heading === null ? 'preview-paragraph' : 'preview-heading'
    if (block.page !== null) {
      const page = document.createElement('span')
      page.className = 'preview-page'
      page.textContent = `p. ${block.page}`
      item.append(page, ' ')
    }
    item.append(block.text)
    return item
  })
  const list = document.createElement('ol')
  list.className = 'preview-blocks'
  list.append(...items)
  const paragraphs = blocks.filter((block) => block.heading === null).length
  const summary = document.createElement('p')
  summary.textContent =
    `${paragraphs} paragraphs and ${blocks.length - paragraphs} headings` +
    (blocks.length > previewBlocks ? `; the first ${previewBlocks} blocks are shown.` : '.')
  host.replaceChildren(summary, list)
}

/** Builds "New document…" and its dialog. */
export function createNewDocumentControl(): { element: HTMLElement; destroy(): void } {
  const { element, dialog, title } = createModal({
    name: 'new-document',
    label: 'New document…',
    title: 'New document',
    onOpen: () => {
      controls.message.textContent = ''
    },
  })
  const form = document.createElement('form')
  form.className = 'new-document-form'
  const file = document.createElement('input')
  file.type = 'file'
  file.accept = '.pdf,.html,.htm,.md,.markdown,.txt'
  const fileField = labelledField('File (PDF, HTML, Markdown or text)', file)
  const pasted = document.createElement('textarea')
  pasted.rows = 5
  const pasteType = document.createElement('select')
  pasteType.setAttribute('aria-label', 'Format of the pasted text')
  for (const [value, text] of pasteTypes) pasteType.append(new Option(text, value))
  const pasteField = labelledField('Or paste the text', pasted)
  pasteField.append(pasteType)
  const preview = button('Preview', 'button')
  const cleaned = document.createElement('div')
  cleaned.className = 'new-document-preview'
  cleaned.setAttribute('role', 'region')
  cleaned.setAttribute('aria-label', 'Cleaned text')
  const record = createRecordForm()
  record.element.hidden = true
  const controls = formControls('Create document', 'regular')
  controls.submit.disabled = true
  form.append(title, fileField, pasteField, preview, cleaned, record.element)
  form.append(controls.actions, controls.message)
  dialog.append(form)

  let previewed: File | null = null
  const source = () => sourceFile(file.files?.[0], pasted.value, pasteType.value)
  // A new source needs a new preview before it can be created.
  const changed = () => {
    previewed = null
    controls.submit.disabled = true
  }
  for (const control of [file, pasted, pasteType]) control.addEventListener('input', changed)
  controls.cancel.addEventListener('click', () => dialog.close())

  preview.addEventListener('click', () => {
    const chosen = source()
    if (chosen === null) {
      controls.message.textContent = 'Choose a file or paste some text first.'
      return
    }
    controls.message.textContent = ''
    cleaned.textContent = `Reading ${chosen.name}…`
    preview.disabled = true
    previewSource(chosen)
      .then((answer) => {
        renderPreview(cleaned, answer.blocks)
        record.fill(answer.record)
        record.element.hidden = false
        previewed = chosen
        controls.submit.disabled = false
      })
      .catch((error: unknown) => {
        cleaned.textContent = ''
        controls.message.textContent = error instanceof Error ? error.message : String(error)
      })
      .finally(() => {
        preview.disabled = false
      })
  })

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (previewed === null) return
    const read = record.read()
    if ('error' in read) {
      controls.message.textContent = read.error
      read.field.focus()
      return
    }
    controls.submit.disabled = true
    controls.message.textContent = 'Creating…'
    createDocument(previewed, read.record)
      .then((id) => {
        dialog.close()
        navigate(`/d/${encodeURIComponent(id)}`)
      })
      .catch((error: unknown) => {
        controls.message.textContent = error instanceof Error ? error.message : String(error)
        controls.submit.disabled = false
      })
  })

  return { element, destroy: () => dialog.close() }
}
