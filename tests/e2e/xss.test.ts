/**
 * An XSS corpus in every place a reader's words reach another reader's browser, in real
 * Chromium with two readers: annotation notes, comments, display names (presence chips, cursor
 * labels, a card's creator) and HTML pasted into the editor. Each payload would set
 * `window.__xss` or open a dialog if it ran. Nothing runs, no element with an event-handler
 * attribute or a script appears in the app, the words are shown literally where they are text,
 * and the app trips its strict Content Security Policy only on the handlers of the pasted HTML,
 * which the policy refuses (xss-document.test.ts covers the text, record, attributes, codebook).
 */
import { rm } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, launchBrowser, selectText, setName } from './browser'
import { corpus, handlerAttributes, injected, openReader } from './injection'

const docId = 'kiep-north-korea-foreign-relations-2024'
const claim = 'The biggest reason cited by experts is improved relations with China.'
const tagged = 'The decline in North Korean trade is an effect of the UN sanctions.'
const pasteAt = 'Tensions also exist between North Korea and Russia.'

/** A display name built from payloads, within the name field's 80 characters. */
const evilName = '<img src=x onerror=alert(1)><svg onload=window.__xss=1>'

/** HTML pasted into the editor: a harmless sentence wrapped in everything that could run. */
const pastedHtml = [
  '<meta charset="utf-8"><p>Pasted sentence <b>kept</b>',
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<a href="javascript:window.__xss=1" onclick="window.__xss=1">link text</a>',
  '<svg onload="window.__xss=1"><circle r="1"/></svg>',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<span onmouseover="window.__xss=1">hover</span></p>',
].join('')

describe('an XSS corpus in notes, comments, names and pasted text, in Chromium', () => {
  let server: TestServer
  let webDist: string
  let browser: Browser
  let ada: Page
  let ben: Page
  let claimId: string
  const dialogs: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    const response = await server.api(`/api/documents/${docId}/annotations`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'claim', quote: { exact: claim } }),
    })
    expect(response.status).toBe(201)
    claimId = ((await response.json()) as { id: string }).id
    browser = await launchBrowser()
    ada = await openReader(browser, dialogs, pageErrors)
    ben = await openReader(browser, dialogs, pageErrors)
    for (const page of [ada, ben]) {
      const response = await page.goto(`${server.url}/d/${docId}?token=${server.token}`)
      expect(await response?.headerValue('content-security-policy')).toContain("script-src 'self'")
      await page.locator('.sidebar-heading', { hasText: 'Annotations (1)' }).waitFor()
    }
    await setName(ada, evilName)
    await setName(ben, 'Ben Checker')
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  const claimCard = (page: Page) => page.locator(`.sidebar .card[data-annotation-id="${claimId}"]`)

  it('shows a note made of markup to the other reader as the text it is', async () => {
    const mine = claimCard(ada)
    await mine.getByRole('button', { name: 'Edit', exact: true }).click()
    await mine.getByLabel('Note').fill(corpus)
    await mine.getByRole('button', { name: 'Save' }).click()

    const note = claimCard(ben).locator('.card-note')
    await note.filter({ hasText: 'click me' }).waitFor()
    expect(await note.textContent()).toBe(corpus)
    expect(await note.locator('*').count()).toBe(0)
    expect(await claimCard(ben).locator('.card-meta').textContent()).toContain(
      `edited by ${evilName}`,
    )
  })

  it('shows a comment made of markup as text, with its author named literally', async () => {
    const mine = claimCard(ada)
    await mine.getByRole('button', { name: 'Comment', exact: true }).click()
    await mine.getByLabel('Comment', { exact: true }).fill(corpus)
    await mine.getByRole('button', { name: 'Post' }).click()

    const comment = claimCard(ben).locator('.comment')
    await comment.filter({ hasText: 'click me' }).waitFor()
    expect(await comment.locator('.comment-text').textContent()).toBe(corpus)
    expect(await comment.locator('.comment-text *').count()).toBe(0)
    expect(await comment.locator('.comment-author').textContent()).toBe(evilName)
  })

  it('shows a display name made of markup as text in chips, cursor labels and cards', async () => {
    const chip = ben.locator('.presence-chip:not(.is-self) .presence-name')
    await chip.filter({ hasText: '<img' }).waitFor()
    expect(await chip.textContent()).toBe(evilName)

    await selectText(ada, tagged)
    await ada.getByRole('toolbar', { name: 'Tag passage' }).waitFor()
    await ada.keyboard.press('1')
    const label = ben.locator('.ProseMirror .collab-cursor-name')
    await label.first().waitFor()
    expect(await label.first().textContent()).toBe(evilName)

    const card = ben.locator('.sidebar .card', { hasText: tagged })
    await card.waitFor()
    expect(await card.locator('.card-meta').textContent()).toBe(evilName)
    expect(
      await ben.locator('.presence-name img, .collab-cursor-name *, .card-meta img').count(),
    ).toBe(0)
  })

  it('keeps only the text of HTML pasted into the editor, on both screens', async () => {
    await selectText(ada, pasteAt)
    await ada.keyboard.press('ArrowRight')
    await ada.evaluate((html) => {
      const data = new DataTransfer()
      data.setData('text/html', html)
      data.setData('text/plain', 'Pasted sentence kept')
      const editor = document.querySelector('.ProseMirror')
      if (editor === null) throw new Error('no editor')
      editor.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      )
    }, pastedHtml)

    for (const page of [ada, ben]) {
      await page.locator('.ProseMirror', { hasText: 'Pasted sentence kept' }).waitFor()
      const embedded = page.locator('.ProseMirror :is(script, img, svg, iframe, object, embed)')
      expect(await embedded.count()).toBe(0)
      const scriptLinks = page.locator(
        '.ProseMirror a:is([href^="javascript:" i], [href^="data:" i])',
      )
      expect(await scriptLinks.count(), 'a pasted javascript: link must stay text').toBe(0)
    }
  })

  it('ran nothing and let no script or event handler into either page', async () => {
    // Hover the places the payloads are shown, in case any handler had got through.
    await claimCard(ben).locator('.card-note').hover()
    await claimCard(ben).locator('.comment-text').hover()
    for (const page of [ada, ben]) {
      const { violations, ...ran } = await injected(page)
      expect(ran).toEqual({ xss: undefined, injected: [] })
      // Ada pasted HTML with event-handler attributes. ProseMirror parses a paste in a detached
      // document that shares the page's policy, which refuses (and reports) each handler there.
      const pasted = page === ada ? /^script-src-attr inline/ : /$^/
      expect(violations?.filter((violation) => !pasted.test(violation))).toEqual([])
      expect(await handlerAttributes(page)).toEqual([])
      expect(await page.locator('#app script').count()).toBe(0)
    }
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
