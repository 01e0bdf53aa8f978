/**
 * The reading page of one document: the top bar, the bibliographic header, the brief in the
 * collaborative editor with highlights and the tagging toolbar, and the sidebar of cards, all
 * sharing the live codebook and the reader's own undo history.
 */
import { reanchorAnnotation } from '@warrant/annotations'
import { readSettings, textMap } from '@warrant/document'
import type { EditorView } from 'prosemirror-view'
import { yUndoPluginKey } from 'y-prosemirror'
import { ApiError, getDocument, getMe } from './api'
import { opensWithTitle, renderBibliography } from './bibliography'
import { watchCodebook } from './codebook'
import { openRooms, type Rooms } from './collaboration'
import { createEditor } from './editor'
import { createExportMenu } from './export'
import { highlightsPlugin, markCurrent, revealAnnotation } from './highlights'
import { createImportControl } from './import'
import { createNamePrompt } from './name-prompt'
import { watchPresence } from './presence'
import { createRecordControl } from './record-edit'
import { guardReadOnly, mayAnnotate, mayEditText, type Role, roleBadge } from './roles'
import type { Page } from './router'
import { accessToken, displayName, onDisplayNameSent, userColour } from './session'
import { createShareControl } from './share'
import { createSidebar } from './sidebar'
import { watchStatus } from './status'
import { taggingPlugin } from './toolbar'
import { createTopBar } from './topbar'
import { createSessionUndo, listenForUndoKeys, type SessionUndo } from './undo'

function failureText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return 'This browser has no valid access token. Open the link the server printed (it ends in ?token=…).'
  }
  if (error instanceof ApiError && error.status === 404) return 'There is no such document.'
  return `Could not open the document: ${error instanceof Error ? error.message : String(error)}`
}

/** Moves annotation `id` onto the passage selected in the text; returns why it could not, or null. */
function reanchorToSelection(view: EditorView, rooms: Rooms, history: SessionUndo, id: string) {
  const { from, to } = view.state.selection
  if (from === to) return 'Select the passage in the text first, then re-anchor.'
  const map = textMap(view.state.doc)
  try {
    const span = { start: map.toOffset(from), end: map.toOffset(to) }
    const moved = reanchorAnnotation(
      rooms.annotations,
      rooms.fragment,
      id,
      { span, editor: displayName() },
      { origin: history.origin },
    )
    return moved === null ? 'This annotation no longer exists.' : null
  } catch (failure) {
    return failure instanceof Error ? failure.message : String(failure)
  }
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
  // Asked once, on a first visit: a banner between the top bar and the text, never a modal.
  const namePrompt = createNamePrompt()
  root.append(bar.element, ...(namePrompt.element ? [namePrompt.element] : []), layout)

  const cleanups: Array<() => void> = [bar.destroy, namePrompt.destroy]
  let disposed = false

  const open = async (): Promise<void> => {
    const id = params.id ?? ''
    const [info, me] = await Promise.all([getDocument(id), getMe().catch(() => null)])
    if (disposed) return
    document.title = `${info.title} · Warrant`
    bar.title.textContent = info.title
    // Without an answer from /api/me the interface offers everything; the server still decides.
    const role: Role | null = me?.role ?? null
    const awarenessUser = (name: string) => ({
      name,
      color: userColour(name),
      ...(role === null ? {} : { role }),
    })
    const rooms = openRooms(info, accessToken(), awarenessUser(displayName()))
    cleanups.push(rooms.destroy)
    cleanups.push(
      watchPresence(rooms.contentProvider.awareness, bar.presence),
      watchStatus(rooms.list, bar.status),
      onDisplayNameSent((name) => rooms.setUser(awarenessUser(name))),
    )
    if (role !== null) {
      bar.actions.append(roleBadge(role))
      // Page-wide rules (a viewer has no history to undo) read the role from the root.
      document.documentElement.dataset.role = role
      cleanups.push(() => delete document.documentElement.dataset.role)
    }
    if (role === 'owner') {
      const share = createShareControl({ documentId: info.id, documentTitle: info.title })
      cleanups.push(share.destroy)
      bar.actions.append(share.element)
    }
    const showTitle = !opensWithTitle(info.text, info.blocks, info.record.title ?? info.title)
    let header = renderBibliography(info.record, { fallbackTitle: info.title, showTitle })
    reading.replaceChildren(header, notice)
    if (role === null || mayEditText(role)) {
      const record = createRecordControl({
        documentId: info.id,
        record: info.record,
        onSaved: (stored) => {
          const next = renderBibliography(stored, { fallbackTitle: info.title, showTitle })
          header.replaceWith(next)
          header = next
          bar.title.textContent = stored.title ?? info.title
        },
      })
      cleanups.push(record.destroy)
      // Beside the record it corrects, not in the crowded top bar.
      header.after(record.element)
    }
    notice.textContent = 'Loading the text…'
    await rooms.synced
    if (disposed) return
    notice.remove()
    reading.append(editorHost)
    const canEdit = role === null || mayEditText(role)
    const canAnnotate = role === null || mayAnnotate(role)
    mountEditor(info.id, rooms, canEdit, canAnnotate)
    // The citation style setting lives in the content room, so the menu reads it live.
    const exportMenu = createExportMenu({
      documentId: info.id,
      citationStyle: () => readSettings(rooms.content).citationStyle,
      canSetStyle: canEdit,
    })
    cleanups.push(exportMenu.destroy)
    bar.actions.append(exportMenu.element)
    if (canAnnotate) {
      const importControl = createImportControl(info.id)
      cleanups.push(importControl.destroy)
      bar.actions.append(importControl.element)
    }
  }

  const mountEditor = (
    documentId: string,
    rooms: Rooms,
    canEdit: boolean,
    canAnnotate: boolean,
  ): void => {
    const codebook = watchCodebook(rooms.content)
    const history = createSessionUndo(rooms.annotations)
    cleanups.push(codebook.destroy, history.destroy)
    let view: EditorView | null = null
    const sidebar = createSidebar({
      documentId,
      annotations: rooms.annotations,
      fragment: rooms.fragment,
      codebook,
      history,
      origin: history.origin,
      user: displayName,
      onActivate: (id) => {
        sidebar.select(id)
        if (view) revealAnnotation(view, id)
      },
      reanchor: (id) => {
        if (view === null) return 'The text is not open.'
        const failure = reanchorToSelection(view, rooms, history, id)
        if (failure === null) {
          sidebar.select(id)
          markCurrent(view, id)
        }
        return failure
      },
    })
    // A viewer reads the cards; the server would refuse their changes anyway.
    if (!canAnnotate) cleanups.push(guardReadOnly(sidebar.element))
    layout.append(sidebar.element)
    const highlights = highlightsPlugin({
      annotations: rooms.annotations,
      fragment: rooms.fragment,
      codebook,
      onActivate: (id) => sidebar.select(id),
    })
    // A viewer gets no tagging toolbar and no number keys: the plugin is not there at all.
    const tagging = canAnnotate
      ? [
          taggingPlugin({
            annotations: rooms.annotations,
            fragment: rooms.fragment,
            codebook,
            origin: history.origin,
            container: editorHost,
            creator: displayName,
            onTagged: (id) => {
              sidebar.select(id)
              markCurrent(editor, id)
            },
          }),
        ]
      : []
    const editor = createEditor({
      mount: editorHost,
      fragment: rooms.fragment,
      awareness: rooms.contentProvider.awareness,
      canEdit,
      history,
      plugins: [highlights, ...tagging],
    })
    view = editor
    const textHistory = yUndoPluginKey.getState(editor.state)?.undoManager
    if (textHistory) history.attachText(textHistory)
    cleanups.push(listenForUndoKeys(history), sidebar.destroy, () => editor.destroy())
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
