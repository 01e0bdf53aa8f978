/**
 * Client-side routing by pathname: `/` is the list of documents, `/d/<id>` a document. Links
 * inside the app change the page without reloading; each page returns its own cleanup.
 */

/** Renders a page into `root`; the returned function tears it down (sockets, listeners). */
export type Page = (root: HTMLElement, params: Record<string, string>) => (() => void) | undefined

/** A pathname pattern such as `/d/:id` and the page it shows. */
export interface Route {
  pattern: string
  page: Page
}

let current: { cleanup: (() => void) | undefined } | null = null
let routes: Route[] = []
let mount: HTMLElement | null = null

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const have = path.split('/')
  if (want.length !== have.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!
    const value = have[i]!
    if (part.startsWith(':')) {
      if (value === '') return null
      params[part.slice(1)] = decodeURIComponent(value)
    } else if (part !== value) {
      return null
    }
  }
  return params
}

function render(): void {
  if (mount === null) return
  current?.cleanup?.()
  mount.replaceChildren()
  const path = window.location.pathname.replace(/\/+$/, '') || '/'
  for (const route of routes) {
    const params = match(route.pattern, path)
    if (params !== null) {
      current = { cleanup: route.page(mount, params) }
      return
    }
  }
  const missing = document.createElement('p')
  missing.className = 'notice'
  missing.textContent = 'There is no page at this address.'
  mount.append(missing)
  current = null
}

/** Shows `path` without reloading. */
export function navigate(path: string): void {
  history.pushState(null, '', path)
  render()
}

/** Starts routing into `root`: renders the current address and follows in-app links. */
export function startRouter(root: HTMLElement, table: Route[]): void {
  mount = root
  routes = table
  window.addEventListener('popstate', render)
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const link = (event.target as Element | null)?.closest?.('a[data-route]')
    if (!(link instanceof HTMLAnchorElement)) return
    event.preventDefault()
    navigate(link.pathname)
  })
  render()
}
