/**
 * What the browser tests share: the web app's build (web-build.ts), launching Chromium, and
 * acting as a reader would (opening a context, naming oneself, selecting and tagging a passage,
 * reading the sidebar and the saved status).
 */
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core'

export { buildWeb } from './web-build'

/** Launches the system's headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  })
}

/** Opens a reader's browser context at 1280x800 with downloads allowed. */
export function openContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    reducedMotion: 'reduce',
  })
}

/** Sets the display name in the top bar. */
export async function setName(page: Page, name: string): Promise<void> {
  const field = page.getByLabel('Your name')
  await field.fill(name)
  await field.press('Enter')
}

/**
 * Selects `needle` in the editor the way a mouse would: a DOM Range over its text nodes
 * (collaborators' cursor labels excluded), which ProseMirror reads back as its selection.
 */
export async function selectText(page: Page, needle: string): Promise<void> {
  await page.evaluate((needle) => {
    const root = document.querySelector<HTMLElement>('.ProseMirror')
    if (root === null) throw new Error('no editor')
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('.ProseMirror-yjs-cursor')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    })
    const nodes: Array<{ node: Text; start: number }> = []
    let text = ''
    while (walker.nextNode()) {
      const node = walker.currentNode as Text
      nodes.push({ node, start: text.length })
      text += node.data
    }
    const at = text.indexOf(needle)
    if (at < 0 || text.indexOf(needle, at + 1) >= 0) throw new Error(`not once: ${needle}`)
    const point = (offset: number, atEnd: boolean): [Text, number] => {
      const hit = nodes.find(
        ({ node, start }) =>
          offset >= start &&
          (atEnd ? offset <= start + node.data.length : offset < start + node.data.length),
      )
      if (hit === undefined) throw new Error(`no text node at ${offset}`)
      return [hit.node, offset - hit.start]
    }
    root.focus()
    const range = document.createRange()
    range.setStart(...point(at, false))
    range.setEnd(...point(at + needle.length, true))
    const selection = window.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
  }, needle)
}

/** The highlights of `kind` in the editor. */
export function highlight(page: Page, kind: string) {
  return page.locator(`.ProseMirror .anno[data-kind="${kind}"]`)
}

/** The sidebar cards of `kind`. */
export function card(page: Page, kind: string) {
  return page.locator(`.sidebar .card[data-kind="${kind}"]`)
}

/** Tags `passage` as a claim with its number key, as a keyboard reader would. */
export async function tagClaim(page: Page, passage: string): Promise<void> {
  await selectText(page, passage)
  await page.getByRole('toolbar', { name: 'Tag passage' }).waitFor()
  await page.keyboard.press('1')
  await page.locator('.ProseMirror .anno[data-kind="claim"]', { hasText: passage }).waitFor()
}

/** The ids of the annotations in a reader's sidebar, in its order. */
export function annotationIds(page: Page): Promise<string[]> {
  return page
    .locator('.sidebar .card')
    .evaluateAll((cards) => cards.map((card) => (card as HTMLElement).dataset.annotationId ?? ''))
}

/** The top bar's connection and saved status. */
export function statusOf(page: Page): Locator {
  return page.locator('.topbar .status')
}

/** Waits until the status says `state` (its `data-state`: saved, saving, offline, …). */
export async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`.topbar .status[data-state="${state}"]`).waitFor()
}
