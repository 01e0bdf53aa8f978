/**
 * Who is here: the readers present in a document's content room, from awareness, shown as
 * small named chips in the top bar.
 */
import type { Awareness } from 'y-protocols/awareness'
import type { AwarenessUser } from './collaboration'

function isUser(value: unknown): value is AwarenessUser {
  const user = value as Partial<AwarenessUser> | null
  return typeof user?.name === 'string' && typeof user.color === 'string'
}

/** Keeps `list` showing the readers in `awareness`, the local reader first; returns a stop function. */
export function watchPresence(awareness: Awareness, list: HTMLElement): () => void {
  const render = (): void => {
    const chips: HTMLElement[] = []
    const states = [...awareness.getStates().entries()].sort(([a], [b]) =>
      a === awareness.clientID ? -1 : b === awareness.clientID ? 1 : a - b,
    )
    for (const [clientId, state] of states) {
      const user: unknown = state.user
      if (!isUser(user)) continue
      const chip = document.createElement('li')
      chip.className = 'presence-chip'
      chip.style.setProperty('--user', user.color)
      chip.textContent = clientId === awareness.clientID ? `${user.name} (you)` : user.name
      chips.push(chip)
    }
    list.replaceChildren(...chips)
    list.setAttribute('aria-label', `${chips.length} here`)
  }
  awareness.on('change', render)
  render()
  return () => awareness.off('change', render)
}
