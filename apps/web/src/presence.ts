/**
 * Who is here: the readers present in a document's content room, from awareness, shown as small
 * chips in the top bar, each with the colour of the reader's cursor, their name, "(you)" for
 * this tab, and their role when they publish it. Names are set as text, never as HTML.
 */
import './styles/presence.css'
import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessUser } from './collaboration'

function isUser(value: unknown): value is AwarenessUser {
  const user = value as Partial<AwarenessUser> | null
  return typeof user?.name === 'string' && typeof user.color === 'string'
}

// Only a colour reaches the style property: anything else falls back to the muted text colour.
function safeColour(value: string): string {
  return /^#[0-9a-f]{3,8}$/i.test(value) ? value : 'var(--muted)'
}

function chip(user: AwarenessUser, isSelf: boolean): HTMLLIElement {
  const element = document.createElement('li')
  element.className = isSelf ? 'presence-chip is-self' : 'presence-chip'
  element.style.setProperty('--user', safeColour(user.color))
  const name = document.createElement('span')
  name.className = 'presence-name'
  name.textContent = user.name
  element.append(name)
  if (isSelf) {
    const you = document.createElement('span')
    you.className = 'presence-you'
    you.textContent = '(you)'
    element.append(you)
  }
  const role = typeof user.role === 'string' ? user.role : ''
  if (role !== '') {
    const hint = document.createElement('span')
    hint.className = 'presence-role'
    hint.textContent = role
    element.append(hint)
  }
  element.title = [user.name, isSelf ? '(you)' : '', role === '' ? '' : `· ${role}`]
    .filter((part) => part !== '')
    .join(' ')
  return element
}

/** Keeps `list` showing the readers in `awareness`, the local reader first; returns a stop function. */
export function watchPresence(awareness: Awareness, list: HTMLElement): () => void {
  list.setAttribute('aria-label', 'Who is here')
  const render = (): void => {
    const chips: HTMLElement[] = []
    const states = [...awareness.getStates().entries()].sort(([a], [b]) =>
      a === awareness.clientID ? -1 : b === awareness.clientID ? 1 : a - b,
    )
    for (const [clientId, state] of states) {
      const user: unknown = state.user
      if (!isUser(user)) continue
      chips.push(chip(user, clientId === awareness.clientID))
    }
    list.replaceChildren(...chips)
    list.dataset.count = String(chips.length)
    list.title = chips.length === 1 ? 'Only you are here' : `${chips.length} readers here`
  }
  awareness.on('change', render)
  render()
  return () => awareness.off('change', render)
}
