/**
 * Who is reading in this browser: the access token a share link carries (kept in localStorage
 * and taken out of the address bar so it is not copied along), traded for a session token of
 * this reader's own, and the reader's display name, which the server keeps with that session
 * and shows to collaborators.
 */

const TOKEN_KEY = 'warrant.token'
// '1' when the stored token is this browser's own session rather than the link's token.
const SESSION_KEY = 'warrant.session'
const NAME_KEY = 'warrant.name'

const nameListeners = new Set<(name: string) => void>()
const sentListeners = new Set<(name: string) => void>()

/** Moves a `?token=` from the address bar into localStorage, leaving the rest of the URL. */
export function takeTokenFromUrl(): void {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl === null) return
  if (fromUrl !== '' && fromUrl !== localStorage.getItem(TOKEN_KEY)) {
    localStorage.setItem(TOKEN_KEY, fromUrl)
    localStorage.removeItem(SESSION_KEY)
  }
  url.searchParams.delete('token')
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
}

/** The access token of this browser, or null when no share link was opened yet. */
export function accessToken(): string | null {
  return localStorage.getItem(TOKEN_KEY)
}

/**
 * Trades a link's token for this reader's own session (`POST /api/session`), once per link.
 * Offline or refused, the link's token stays in use and the trade is tried on the next load.
 */
export async function openSession(): Promise<void> {
  const link = accessToken()
  if (link === null || localStorage.getItem(SESSION_KEY) === '1') return
  try {
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { Authorization: `Bearer ${link}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: displayName() }),
    })
    if (!response.ok) return
    const { token } = (await response.json()) as { token: string }
    localStorage.setItem(TOKEN_KEY, token)
    localStorage.setItem(SESSION_KEY, '1')
  } catch {
    // Offline: the link's token works until the session can be opened.
  }
}

// Until the reader chooses a name, this tab calls them by a placeholder (not remembered).
const placeholderName = `Reader ${Math.floor(1000 + Math.random() * 9000)}`

/** Whether the reader has chosen (or accepted) a display name in this browser. */
export function hasChosenName(): boolean {
  return (localStorage.getItem(NAME_KEY) ?? '').trim() !== ''
}

/** The reader's display name; a placeholder for this tab until they choose one. */
export function displayName(): string {
  const stored = localStorage.getItem(NAME_KEY)
  if (stored !== null && stored.trim() !== '') return stored
  return placeholderName
}

/**
 * Remembers the display name (blank names are ignored) and tells every listener of a change at
 * once, then gives it to the server, which shows it to collaborators, and tells the listeners of
 * `onDisplayNameSent`.
 */
export async function setDisplayName(name: string): Promise<void> {
  const trimmed = name.trim().slice(0, 80)
  if (trimmed === '') return
  const changed = trimmed !== displayName()
  localStorage.setItem(NAME_KEY, trimmed)
  if (changed) for (const listener of nameListeners) listener(trimmed)
  const token = accessToken()
  if (token !== null) {
    try {
      await fetch('/api/me', {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: trimmed }),
      })
    } catch {
      // Offline: the name is kept here and sent with the next session.
    }
  }
  if (changed) for (const listener of sentListeners) listener(trimmed)
}

/** Calls `listener` whenever the display name changes; returns the unsubscribe function. */
export function onDisplayNameChange(listener: (name: string) => void): () => void {
  nameListeners.add(listener)
  return () => nameListeners.delete(listener)
}

/**
 * Calls `listener` once a changed display name was sent to the server (or could not be, being
 * offline): the server names a reader's awareness, so it is republished only then.
 */
export function onDisplayNameSent(listener: (name: string) => void): () => void {
  sentListeners.add(listener)
  return () => sentListeners.delete(listener)
}

// Cursor colours: distinguishable from each other and readable as a label background with white text.
const userColours = ['#1f6fb2', '#b0413e', '#2f7d4a', '#7a4fb0', '#a35a00', '#0f7c80', '#a33a78']

/** A colour for a collaborator's cursor, derived from their name so it stays the same. */
export function userColour(name: string): string {
  let hash = 0
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0
  return userColours[hash % userColours.length]!
}
