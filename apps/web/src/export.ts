/**
 * The Export menu of the reading page: every format the server offers, the citation style the
 * download cites in (the document's own setting preselected) and, for editors and owners, the
 * document's default style. It is a disclosure, not a popup of menu items, because it holds
 * selects: the button says whether it is open, Escape closes it and gives focus back, and the
 * arrow keys move between the formats. Every failure is written into the menu.
 */
import { apiFetch, getJSON } from './api'
import { button } from './form-controls'

/** A file format as `GET /api/export-formats` lists it. */
export interface ExportFormat {
  name: string
  label: string
  extension: string
  contentType: string
}

/** A citation style as `GET /api/export-formats` lists it. */
export interface CitationStyleChoice {
  name: string
  label: string
}

interface ExportOffer {
  formats: ExportFormat[]
  styles: CitationStyleChoice[]
}

/** Options of `createExportMenu`. */
export interface ExportMenuOptions {
  documentId: string
  /** The document's default citation style right now; null leaves the server's default. */
  citationStyle(): string | null
  /** Whether the reader may change the default (editors and owners; the server checks too). */
  canSetStyle: boolean
}

/** The menu's root element, and how to take down its page-wide listeners. */
export interface ExportMenu {
  element: HTMLElement
  destroy(): void
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The file name a Content-Disposition header names (RFC 6266, `filename*` first), or null. */
export function dispositionFilename(header: string | null): string | null {
  if (header === null) return null
  const encoded = /filename\*\s*=\s*[\w-]+'[^']*'([^;\s]+)/i.exec(header)
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]!)
    } catch {
      // A malformed escape falls back to the plain filename parameter.
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header)
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1')
  return /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? null
}

/** Saves `blob` under `filename` through a hidden download link. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the click; the object URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Downloads the document's export in `format` cited in `style`; returns the file's name. */
export async function downloadExport(
  documentId: string,
  format: ExportFormat,
  style: string,
): Promise<string> {
  const query = new URLSearchParams({ format: format.name, style })
  const response = await apiFetch(
    `/api/documents/${encodeURIComponent(documentId)}/export?${query}`,
  )
  const filename =
    dispositionFilename(response.headers.get('Content-Disposition')) ??
    `${documentId}.${format.extension}`
  saveBlob(await response.blob(), filename)
  return filename
}

/** Writes `text` into a message line, marked as a failure or not. */
function say(line: HTMLElement, text: string, failed = false): void {
  line.textContent = text
  line.classList.toggle('is-failed', failed)
}

/**
 * A labelled select of the citation styles. The label names the select by `for` rather than by
 * wrapping it, since a wrapped select's chosen option would become part of its accessible name.
 */
function styleSelect(id: string, caption: string, styles: CitationStyleChoice[]) {
  const field = document.createElement('div')
  field.className = 'export-field'
  const label = document.createElement('label')
  label.htmlFor = id
  label.textContent = caption
  const select = document.createElement('select')
  select.id = id
  for (const style of styles) select.append(new Option(style.label, style.name))
  field.append(label, select)
  return { label: field, select }
}

/** Builds the Export button and its panel; the offer is fetched on first opening. */
export function createExportMenu(options: ExportMenuOptions): ExportMenu {
  const { documentId } = options
  const element = document.createElement('div')
  element.className = 'export-menu'
  const toggle = button('Export', 'button')
  const panel = document.createElement('div')
  panel.className = 'export-panel'
  panel.id = 'export-panel'
  panel.hidden = true
  panel.setAttribute('role', 'group')
  panel.setAttribute('aria-label', 'Export')
  toggle.setAttribute('aria-expanded', 'false')
  toggle.setAttribute('aria-controls', panel.id)
  const message = document.createElement('p')
  message.className = 'export-message'
  message.setAttribute('role', 'status')
  panel.append(message)
  element.append(toggle, panel)

  let offer: Promise<ExportOffer> | null = null
  let formatButtons: HTMLButtonElement[] = []
  let chooser: HTMLSelectElement | null = null
  let defaultChooser: HTMLSelectElement | null = null
  // Until the reader picks a style here, the chooser follows the document's setting.
  let styleTouched = false

  const documentStyle = (styles: CitationStyleChoice[]): string => {
    const setting = options.citationStyle()
    return styles.some((s) => s.name === setting) ? setting! : (styles[0]?.name ?? 'apa')
  }

  // aria-disabled rather than disabled, so the focused format keeps focus while it downloads.
  const download = (format: ExportFormat, trigger: HTMLButtonElement): void => {
    if (trigger.getAttribute('aria-disabled') === 'true') return
    trigger.setAttribute('aria-disabled', 'true')
    say(message, `Preparing ${format.label}…`)
    downloadExport(documentId, format, chooser?.value ?? 'apa')
      .then((filename) => say(message, `Downloaded ${filename}.`))
      .catch((error: unknown) => say(message, `Export failed: ${messageOf(error)}`, true))
      .finally(() => trigger.removeAttribute('aria-disabled'))
  }

  const defaultSetting = (styles: CitationStyleChoice[]): HTMLElement => {
    const section = document.createElement('div')
    section.className = 'export-default'
    const { label, select } = styleSelect('export-default-style', 'Default citation style', styles)
    const saved = document.createElement('p')
    saved.className = 'export-message'
    saved.setAttribute('role', 'status')
    let previous = documentStyle(styles)
    select.value = previous
    select.addEventListener('change', () => {
      const chosen = select.value
      say(saved, 'Saving…')
      apiFetch(`/api/documents/${encodeURIComponent(documentId)}/settings`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ citationStyle: chosen }),
      })
        .then(() => {
          previous = chosen
          if (!styleTouched && chooser) chooser.value = chosen
          say(saved, 'Saved: exports cite in this style unless one asks for another.')
        })
        .catch((error: unknown) => {
          select.value = previous
          say(saved, `Could not save the default: ${messageOf(error)}`, true)
        })
    })
    defaultChooser = select
    section.append(label, saved)
    return section
  }

  const fill = ({ formats, styles }: ExportOffer): void => {
    const style = styleSelect('export-style', 'Citation style', styles)
    style.select.addEventListener('change', () => {
      styleTouched = true
    })
    chooser = style.select
    const heading = document.createElement('p')
    heading.className = 'export-heading'
    heading.id = 'export-formats-heading'
    heading.textContent = 'Download as'
    const list = document.createElement('ul')
    list.className = 'export-formats'
    list.setAttribute('aria-labelledby', heading.id)
    formatButtons = formats.map((format) => {
      const item = document.createElement('li')
      const choose = button(format.label, 'export-format')
      choose.dataset.format = format.name
      const extension = document.createElement('span')
      extension.className = 'export-extension'
      extension.textContent = `.${format.extension}`
      choose.append(extension)
      choose.addEventListener('click', () => download(format, choose))
      item.append(choose)
      list.append(item)
      return choose
    })
    panel.prepend(style.label, heading, list)
    if (options.canSetStyle) panel.append(defaultSetting(styles))
  }

  const load = (): Promise<ExportOffer> => {
    if (offer !== null) return offer
    say(message, 'Loading the formats…')
    offer = getJSON<ExportOffer>('/api/export-formats')
    offer.then(
      (loaded) => {
        say(message, '')
        fill(loaded)
      },
      (error: unknown) => {
        // The next opening tries again.
        offer = null
        say(message, `Could not load the export formats: ${messageOf(error)}`, true)
      },
    )
    return offer
  }

  const syncStyles = ({ styles }: ExportOffer): void => {
    if (chooser && !styleTouched) chooser.value = documentStyle(styles)
    if (defaultChooser && document.activeElement !== defaultChooser)
      defaultChooser.value = documentStyle(styles)
  }

  const open = (focusFirst: boolean): void => {
    panel.hidden = false
    toggle.setAttribute('aria-expanded', 'true')
    load()
      .then((loaded) => {
        syncStyles(loaded)
        if (focusFirst && !panel.hidden) formatButtons[0]?.focus()
      })
      .catch(() => undefined)
  }

  const close = (returnFocus: boolean): void => {
    if (panel.hidden) return
    panel.hidden = true
    toggle.setAttribute('aria-expanded', 'false')
    if (returnFocus) toggle.focus()
  }

  toggle.addEventListener('click', () => (panel.hidden ? open(false) : close(false)))
  toggle.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown') return
    event.preventDefault()
    open(true)
  })
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      event.preventDefault()
      close(true)
      return
    }
    const at = formatButtons.indexOf(event.target as HTMLButtonElement)
    if (at < 0 || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return
    event.preventDefault()
    const step = event.key === 'ArrowDown' ? 1 : -1
    formatButtons[(at + step + formatButtons.length) % formatButtons.length]?.focus()
  })
  element.addEventListener('focusout', (event) => {
    const next = event.relatedTarget
    if (next instanceof Node && !element.contains(next)) close(false)
  })
  const onPointer = (event: PointerEvent): void => {
    if (event.target instanceof Node && !element.contains(event.target)) close(false)
  }
  document.addEventListener('pointerdown', onPointer)

  return { element, destroy: () => document.removeEventListener('pointerdown', onPointer) }
}
