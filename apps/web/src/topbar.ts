/**
 * The slim bar above every page: the app's name, the document title, who is here, the saved
 * and online state, the reader's editable display name, and a slot for page actions.
 */
import { displayName, onDisplayNameChange, setDisplayName } from './session'

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
    setDisplayName(nameInput.value)
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

  element.append(brand, title, presence, status, nameLabel, actions)
  return { element, title, presence, status, actions, destroy: stopName }
}
