/**
 * The reading page of one document: the top bar, the bibliographic header, the brief in the
 * collaborative editor with highlights and the tagging toolbar, and the sidebar of cards.
 */
import { ApiError, type DocumentInfo, getDocument, getMe } from './api'
import { opensWithTitle, renderBibliography } from './bibliography'
import { openRooms, type Rooms } from './collaboration'
import { createEditor } from './editor'
import { exportButton } from './export'
import { highlightsPlugin, markCurrent, revealAnnotation } from './highlights'
import { watchPresence } from './presence'
import type { Page } from './router'
import { accessToken, displayName, onDisplayNameChange, userColour } from './session'
import { createSidebar } from './sidebar'
import { watchStatus } from './status'
import { taggingPlugin } from './toolbar'
import { createTopBar } from './topbar'

const editingRoles = new Set(['editor', 'owner'])

function failureText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return 'This browser has no valid access token. Open the link the server printed (it ends in ?token=…).'
  }
  if (error instanceof ApiError && error.status === 404) return 'There is no such document.'
  return `Could not open the document: ${error instanceof Error ? error.message : String(error)}`
}

/** Renders the document `params.id`. */
export const documentPage: Page = (root, params) => {
  const bar = createTopBar()
  const layout = document.createElement('main')
  layout.className = 'reading-layout'
  const reading = document.createElement('article')
  reading.className = 'reading'
  const editorHost = document.createElement('div')
  editorHost.className = 'editor-host'
  const notice = document.createElement('p')
  notice.className = 'notice'
  notice.textContent = 'Opening the document…'
  reading.append(notice)
  layout.append(reading)
  root.append(bar.element, layout)

  const cleanups: Array<() => void> = [bar.destroy]
  let disposed = false

  const open = async (): Promise<void> => {
    const id = params.id ?? ''
    const [info, me] = await Promise.all([getDocument(id), getMe().catch(() => null)])
    if (disposed) return
    document.title = `${info.title} · Warrant`
    bar.title.textContent = info.title
    const rooms = openRooms(info, accessToken(), {
      name: displayName(),
      color: userColour(displayName()),
    })
    cleanups.push(rooms.destroy)
    cleanups.push(
      watchPresence(rooms.contentProvider.awareness, bar.presence),
      watchStatus(
        [
          { provider: rooms.contentProvider, doc: rooms.content },
          { provider: rooms.annotationsProvider, doc: rooms.annotations },
        ],
        bar.status,
      ),
      onDisplayNameChange((name) => rooms.setUser({ name, color: userColour(name) })),
    )
    const showTitle = !opensWithTitle(info.text, info.blocks, info.record.title ?? info.title)
    reading.replaceChildren(
      renderBibliography(info.record, { fallbackTitle: info.title, showTitle }),
      notice,
    )
    notice.textContent = 'Loading the text…'
    await rooms.synced
    if (disposed) return
    notice.remove()
    reading.append(editorHost)
    mountEditor(info, rooms, me === null || editingRoles.has(me.role))
  }

  const mountEditor = (info: DocumentInfo, rooms: Rooms, canEdit: boolean): void => {
    const sidebar = createSidebar({
      annotations: rooms.annotations,
      fragment: rooms.fragment,
      codebook: info.codebook,
      creator: displayName,
      onActivate: (id) => {
        sidebar.select(id)
        revealAnnotation(view, id)
      },
    })
    layout.append(sidebar.element)
    const view = createEditor({
      mount: editorHost,
      fragment: rooms.fragment,
      awareness: rooms.contentProvider.awareness,
      canEdit,
      plugins: [
        highlightsPlugin({
          annotations: rooms.annotations,
          fragment: rooms.fragment,
          codebook: info.codebook,
          onActivate: (id) => sidebar.select(id),
        }),
        taggingPlugin({
          annotations: rooms.annotations,
          fragment: rooms.fragment,
          codebook: info.codebook,
          container: editorHost,
          creator: displayName,
          onTagged: (id) => {
            sidebar.select(id)
            markCurrent(view, id)
          },
        }),
      ],
    })
    bar.actions.append(exportButton(info.id))
    cleanups.push(sidebar.destroy, () => view.destroy())
  }

  open().catch((error: unknown) => {
    if (disposed) return
    notice.textContent = failureText(error)
    if (!notice.isConnected) reading.append(notice)
  })

  return () => {
    disposed = true
    for (const cleanup of cleanups.reverse()) cleanup()
  }
}
