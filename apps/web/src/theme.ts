/**
 * Light and dark themes. By default the page follows the system (`prefers-color-scheme`); the
 * reader can pin light or dark with the top bar's toggle, and the choice is remembered in this
 * browser. The theme is applied as `data-theme` on <html>, which styles.css reads to swap its
 * custom properties.
 */

/** A theme the page can be drawn in. */
export type Theme = 'light' | 'dark'

const storageKey = 'warrant-theme'
const darkQuery = '(prefers-color-scheme: dark)'

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(storageKey)
    return value === 'light' || value === 'dark' ? value : null
  } catch {
    // reason: storage can be blocked (private modes, sandboxed frames); the system theme stands in.
    return null
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.(darkQuery).matches ? 'dark' : 'light'
}

/** The theme in force: the reader's pinned choice, else the system's. */
export function currentTheme(): Theme {
  return storedTheme() ?? systemTheme()
}

/** Draws the page in the theme in force (called at start and after each change). */
export function applyTheme(): void {
  const pinned = storedTheme()
  const root = document.documentElement
  if (pinned === null) delete root.dataset.theme
  else root.dataset.theme = pinned
}

/** Pins `theme` for this browser and applies it. */
export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(storageKey, theme)
  } catch {
    // reason: without storage the choice still holds until the page is reloaded.
  }
  document.documentElement.dataset.theme = theme
}

/** The top bar's theme toggle and how to stop it following the system. */
export interface ThemeToggle {
  element: HTMLButtonElement
  destroy(): void
}

/** The toggle button for the top bar: pressed means dark; the choice is remembered. */
export function createThemeToggle(): ThemeToggle {
  const element = document.createElement('button')
  element.type = 'button'
  element.className = 'button button-quiet theme-toggle'
  element.textContent = 'Dark'
  const show = (): void => {
    const dark = currentTheme() === 'dark'
    element.setAttribute('aria-pressed', String(dark))
    element.title = dark ? 'Switch to the light theme' : 'Switch to the dark theme'
  }
  element.addEventListener('click', () => {
    setTheme(currentTheme() === 'dark' ? 'light' : 'dark')
    show()
  })
  // While unpinned the page follows the system, and so does the toggle's state.
  const query = window.matchMedia?.(darkQuery)
  query?.addEventListener('change', show)
  show()
  return { element, destroy: () => query?.removeEventListener('change', show) }
}

applyTheme()
