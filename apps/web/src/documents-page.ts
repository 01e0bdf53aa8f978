/**
 * The start page: the documents this token may read, each a link to its reading page, and for
 * editors and owners of every document, "New document…".
 */
import { ApiError, getMe, listDocuments } from './api'
import { createNamePrompt } from './name-prompt'
import { createNewDocumentControl } from './new-document'
import type { Page } from './router'
import { createTopBar } from './topbar'

function issuedYear(record: { issued?: { 'date-parts'?: Array<Array<number | string>> } }): string {
  const year = record.issued?.['date-parts']?.[0]?.[0]
  return year === undefined ? '' : String(year)
}

/** Renders the list of documents. */
export const documentsPage: Page = (root) => {
  const bar = createTopBar()
  const main = document.createElement('main')
  main.className = 'documents-page'
  const heading = document.createElement('h1')
  heading.textContent = 'Documents'
  const list = document.createElement('ul')
  list.className = 'document-list'
  const notice = document.createElement('p')
  notice.className = 'notice'
  notice.textContent = 'Loading…'
  main.append(heading, notice, list)
  // A first visit often starts here, from the owner's link: the name is asked once, here or there.
  const namePrompt = createNamePrompt()
  root.append(bar.element, ...(namePrompt.element ? [namePrompt.element] : []), main)

  let live = true
  let newDocument: { destroy(): void } | null = null
  getMe()
    .then((me) => {
      if (!live || me.document !== null || (me.role !== 'editor' && me.role !== 'owner')) return
      const control = createNewDocumentControl()
      bar.actions.append(control.element)
      newDocument = control
    })
    // Without an answer the page still lists what it can; the server decides in any case.
    .catch(() => {})
  listDocuments()
    .then((documents) => {
      if (!live) return
      notice.textContent = documents.length === 0 ? 'No documents yet.' : ''
      notice.hidden = documents.length > 0
      for (const doc of documents) {
        const item = document.createElement('li')
        const link = document.createElement('a')
        link.href = `/d/${encodeURIComponent(doc.id)}`
        link.dataset.route = ''
        link.textContent = doc.title
        item.append(link)
        const byline = [
          doc.record?.author
            ?.map((a) => a.literal ?? [a.family, a.given].filter(Boolean).join(', '))
            .join('; ') ?? '',
          doc.record?.publisher ?? '',
          doc.record ? issuedYear(doc.record) : '',
        ].filter((part) => part !== '')
        if (byline.length > 0) {
          const meta = document.createElement('span')
          meta.className = 'document-meta'
          meta.textContent = byline.join(' · ')
          item.append(meta)
        }
        list.append(item)
      }
    })
    .catch((error: unknown) => {
      if (!live) return
      notice.textContent =
        error instanceof ApiError && error.status === 401
          ? 'This browser has no valid access token. Open the link the server printed (it ends in ?token=…).'
          : `Could not load the documents: ${error instanceof Error ? error.message : String(error)}`
    })

  return () => {
    live = false
    newDocument?.destroy()
    namePrompt.destroy()
    bar.destroy()
  }
}
