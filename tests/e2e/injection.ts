/**
 * What the XSS specifications watch for in a reader's page: a corpus of payloads that would set
 * `window.__xss` or open a dialog if they ever ran, a watch installed before the app starts that
 * records every script or event-handler attribute entering the app and every Content Security
 * Policy violation, and a reader's page with dialogs and page errors recorded.
 */
import type { Browser, Page } from 'playwright-core'
import { openContext } from './browser'

/** Markup and addresses that would run script if they were ever treated as HTML or followed. */
export const corpus = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<a href="javascript:window.__xss=1">click me</a>',
  'javascript:alert(1)',
  '<div onmouseover="window.__xss=1" style="position:fixed;inset:0">cover</div>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<details open ontoggle="window.__xss=1">',
  '"><body onload=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<ScRiPt src=data:text/javascript,window.__xss=1></ScRiPt>',
  '</textarea></title><script>window.__xss=1</script>',
  '<object data="javascript:window.__xss=1"></object><embed src="javascript:window.__xss=1">',
  '<form action="javascript:window.__xss=1"><button>go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<base href="javascript:window.__xss=1//">',
  '<input autofocus onfocus="window.__xss=1"><video><source onerror="window.__xss=1"></video>',
  '<style>@import "//evil.example/x.css";</style><link rel=stylesheet href=//evil.example/y.css>',
  'data:text/html,<script>window.__xss=1</script>',
  '\u202Egnp.exe and \u2066isolated\u2069',
].join('\n')

/**
 * Records, from before the app starts, any script or event-handler attribute that enters the
 * app, and every Content Security Policy violation of the page.
 */
export function watchForInjection(): void {
  const found: string[] = []
  ;(window as { __injected?: string[] }).__injected = found
  const violations: string[] = []
  ;(window as { __violations?: string[] }).__violations = violations
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`)
  })
  const inspect = (element: Element): void => {
    for (const candidate of [element, ...element.querySelectorAll('*')]) {
      if (!candidate.closest('#app')) continue
      if (candidate.localName === 'script') found.push('script')
      for (const attribute of candidate.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${candidate.localName}[${attribute.name}]`)
      }
      const href = candidate.getAttribute('href') ?? candidate.getAttribute('src') ?? ''
      if (/^\s*(javascript|data|vbscript):/i.test(href)) found.push(`${candidate.localName}[href]`)
    }
  }
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof Element) {
        inspect(record.target)
      }
      for (const node of record.addedNodes) if (node instanceof Element) inspect(node)
    }
  }).observe(document, { childList: true, subtree: true, attributes: true })
}

/** What ran or was injected in a page: `window.__xss`, the elements and the CSP violations. */
export function injected(page: Page) {
  return page.evaluate(() => ({
    xss: (window as { __xss?: unknown }).__xss,
    injected: (window as { __injected?: string[] }).__injected,
    violations: (window as { __violations?: string[] }).__violations,
  }))
}

/** Every event-handler attribute on an element of the app. */
export function handlerAttributes(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#app *')].flatMap((element) =>
      [...element.attributes]
        .filter((attribute) => /^on/i.test(attribute.name))
        .map((attribute) => `${element.localName}[${attribute.name}]`),
    ),
  )
}

/** Opens a reader's page with the injection watch, dialogs and page errors recorded. */
export async function openReader(
  browser: Browser,
  dialogs: string[],
  errors: string[],
): Promise<Page> {
  const page = await (await openContext(browser)).newPage()
  await page.addInitScript(watchForInjection)
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return page
}
