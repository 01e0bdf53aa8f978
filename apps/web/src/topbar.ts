/**
 * The slim bar above every page: the app's name, the document title, who is here, the saved
 * and online state, the reader's editable display name, a slot for page actions, Undo and Redo
 * for the open document, and the theme toggle. It wraps onto a second row on narrow screens
 * and publishes its height as `--topbar` so sticky panes sit just below it.
 */
import { displayName, onDisplayNameChange, setDisplayName } from './session'
import { createThemeToggle } from './theme'
import { followOpenHistory, type SessionUndo } from './undo'

/** The parts of the top bar a page fills in. */
export interface TopBar {
  element: HTMLElement
  title: HTMLElement
  presence: HTMLUListElement
  status: HTMLElement
  actions: HTMLElement
  destroy(): void
}

/** Options of `createTopBar`. */
export interface TopBarOptions {
  title?: string
}

/** Builds the top bar; the name field saves on change and on Enter. */
export function createTopBar(options: TopBarOptions = {}): TopBar {
  const element = document.createElement('header')
  element.className = 'topbar'

  const brand = document.createElement('a')
  brand.className = 'brand'
  brand.href = '/'
  brand.dataset.route = ''
  brand.textContent = 'Warrant'

  const title = document.createElement('span')
  title.className = 'topbar-title'
  title.textContent = options.title ?? ''

  const presence = document.createElement('ul')
  presence.className = 'presence'

  const status = document.createElement('span')
  status.className = 'status'
  status.setAttribute('role', 'status')

  const nameLabel = document.createElement('label')
  nameLabel.className = 'name-field'
  const nameCaption = document.createElement('span')
  nameCaption.textContent = 'Your name'
  const nameInput = document.createElement('input')
  nameInput.type = 'text'
  nameInput.id = 'display-name'
  nameInput.setAttribute('autocomplete', 'nickname')
  nameInput.maxLength = 80
  nameInput.value = displayName()
  nameInput.addEventListener('change', () => {
    void setDisplayName(nameInput.value)
    nameInput.value = displayName()
  })
  nameInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') nameInput.blur()
  })
  nameLabel.append(nameCaption, nameInput)
  const stopName = onDisplayNameChange((name) => {
    if (document.activeElement !== nameInput) nameInput.value = name
  })

  const actions = document.createElement('div')
  actions.className = 'topbar-actions'

  const history = historyButtons()
  const sheet = sidebarToggle()
  const theme = createThemeToggle()

  // The tools keep together at the right end, on the first row or, when narrow, the next.
  const tools = document.createElement('div')
  tools.className = 'topbar-end'
  tools.append(history.element, actions, sheet.element, theme.element)
  element.append(brand, title, presence, status, nameLabel, tools)
  const stopHeight = publishHeight(element)
  const destroy = (): void => {
    stopName()
    history.destroy()
    sheet.destroy()
    theme.destroy()
    stopHeight()
  }
  return { element, title, presence, status, actions, destroy }
}

/** Undo and Redo of the open document's own changes (text and annotations), hidden elsewhere. */
function historyButtons(): { element: HTMLElement; destroy(): void } {
  const element = document.createElement('div')
  element.className = 'topbar-history'
  element.setAttribute('role', 'group')
  element.setAttribute('aria-label', 'History')
  const button = (label: string, keys: string, title: string): HTMLButtonElement => {
    const made = document.createElement('button')
    made.type = 'button'
    made.className = 'button button-small button-quiet'
    made.textContent = label
    made.title = title
    made.setAttribute('aria-keyshortcuts', keys)
    return made
  }
  const undo = button('Undo', 'Control+Z Meta+Z', 'Undo your last change (Ctrl+Z)')
  const redo = button('Redo', 'Control+Shift+Z Meta+Shift+Z', 'Redo (Ctrl+Shift+Z)')
  element.append(undo, redo)

  let current: SessionUndo | null = null
  let stopChanges = (): void => {}
  const show = (): void => {
    element.hidden = current === null
    undo.disabled = current?.canUndo() !== true
    redo.disabled = current?.canRedo() !== true
  }
  undo.addEventListener('click', () => current?.undo())
  redo.addEventListener('click', () => current?.redo())
  const stopFollowing = followOpenHistory((history) => {
    stopChanges()
    current = history
    stopChanges = history?.onAnyChange(show) ?? (() => {})
    show()
  })
  return {
    element,
    destroy() {
      stopFollowing()
      stopChanges()
    },
  }
}

/**
 * On tablets the sidebar is a sheet along the bottom of the screen; this button (shown by CSS
 * at those widths, on document pages only) hides and shows it.
 */
function sidebarToggle(): { element: HTMLButtonElement; destroy(): void } {
  const element = document.createElement('button')
  element.type = 'button'
  element.className = 'button button-quiet sidebar-toggle'
  element.textContent = 'Annotations'
  const root = document.documentElement
  const show = (): void => {
    element.setAttribute('aria-expanded', String(root.dataset.sidebar !== 'hidden'))
  }
  element.addEventListener('click', () => {
    if (root.dataset.sidebar === 'hidden') delete root.dataset.sidebar
    else root.dataset.sidebar = 'hidden'
    show()
  })
  show()
  const stopFollowing = followOpenHistory((history) => {
    element.hidden = history === null
  })
  return { element, destroy: stopFollowing }
}

/** Keeps `--topbar` equal to the bar's height (one row or wrapped); returns the stop function. */
function publishHeight(element: HTMLElement): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {}
  const observer = new ResizeObserver(() => {
    if (!element.isConnected) return
    document.documentElement.style.setProperty('--topbar', `${element.offsetHeight}px`)
  })
  observer.observe(element)
  return () => {
    observer.disconnect()
    document.documentElement.style.removeProperty('--topbar')
  }
}
