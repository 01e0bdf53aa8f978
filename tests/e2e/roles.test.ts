/**
 * Roles in the interface, in real Chromium: a viewer link shows the brief and its annotations and
 * exports them, but offers no way to change anything; an annotator tags passages but cannot
 * change the text; the owner's share dialog creates a viewer link that works in another browser
 * context, and revoking it disconnects that context at once.
 */
import { rm } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, card, highlight, launchBrowser, openContext, selectText } from './browser'

const docId = 'kiep-north-korea-foreign-relations-2024'
const claim = 'The decline in North Korean trade is an effect of the UN sanctions.'
const untagged = 'North Korean imports fell by 31.2 percent'
const annotatorPassage = 'exports fell by 86.3 percent year-on-year'

// Anything a viewer must not be offered, by its accessible name.
const changeControls =
  /edit|delete|remove|link|supports|contradicts|comment|reply|resolve|reopen|re-anchor|dismiss|undo|import|share/i

interface CreatedShare {
  share: { id: string; role: string; label: string }
  token: string
  path: string
}

describe('roles in the interface, in Chromium', () => {
  let server: TestServer
  let webDist: string
  let browser: Browser
  let owner: Page
  const pageErrors: string[] = []

  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    server.api(`/api/documents/${docId}${path}`, init)

  /** Creates a share link for `role` through the Shares API, as the owner. */
  const share = async (role: string, label: string): Promise<CreatedShare> => {
    const response = await api('/shares', {
      method: 'POST',
      body: JSON.stringify({ role, label }),
    })
    expect(response.status).toBe(201)
    return (await response.json()) as CreatedShare
  }

  const openAs = async (path: string): Promise<Page> => {
    const page = await (await openContext(browser)).newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${server.url}${path}`)
    await page.locator('.ProseMirror p').first().waitFor()
    return page
  }

  /** The editor's text without collaborators' cursor labels. */
  const briefText = (page: Page): Promise<string> =>
    page.locator('.ProseMirror').evaluate((root) => {
      const copy = root.cloneNode(true) as HTMLElement
      for (const cursor of copy.querySelectorAll('.ProseMirror-yjs-cursor')) cursor.remove()
      return copy.textContent ?? ''
    })

  beforeAll(async () => {
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    const created = await api('/annotations', {
      method: 'POST',
      body: JSON.stringify({ kind: 'claim', quote: { exact: claim } }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const comment = await api(`/annotations/${id}/comments`, {
      method: 'POST',
      body: JSON.stringify({ text: 'Is this causal or only correlated?' }),
    })
    expect(comment.status).toBe(201)
    browser = await launchBrowser()
    owner = await openAs(`/d/${docId}?token=${server.token}`)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  it('shows a viewer the brief and its annotations but no way to change anything', async () => {
    const link = await share('viewer', 'Vi')
    const viewer = await openAs(link.path)
    await card(viewer, 'claim').waitFor()
    await highlight(viewer, 'claim').waitFor()
    expect(await viewer.locator('.topbar .role-badge').textContent()).toBe('Viewer · read only')

    // No tagging toolbar on a selection, and the number keys tag nothing.
    await selectText(viewer, untagged)
    await viewer.keyboard.press('1')
    expect(await viewer.getByRole('toolbar', { name: 'Tag passage' }).count()).toBe(0)
    expect(await viewer.locator('.ProseMirror .anno').count()).toBe(1)

    // Selecting the card opens it, and still nothing in the sidebar changes anything.
    await card(viewer, 'claim').locator('.card-quote').click()
    const offered = await viewer
      .locator('.sidebar button:visible, .topbar button:visible')
      .evaluateAll((buttons) =>
        buttons.map((b) => `${b.getAttribute('aria-label') ?? ''} ${b.textContent ?? ''}`.trim()),
      )
    expect(offered.filter((name) => changeControls.test(name))).toEqual([])
    expect(
      await viewer.locator('.sidebar .card :is(input, select, textarea):enabled').count(),
    ).toBe(0)

    // Typing into the text changes nothing.
    const before = await briefText(viewer)
    expect(await viewer.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    await viewer.locator('.ProseMirror p').nth(3).click()
    await viewer.keyboard.type('viewer was here')
    await viewer.keyboard.press('Backspace')
    expect(await briefText(viewer)).toBe(before)
    expect(await briefText(owner)).toBe(before)

    // Export works.
    await viewer.getByRole('button', { name: 'Export', exact: true }).click()
    const [download] = await Promise.all([
      viewer.waitForEvent('download'),
      viewer.getByRole('button', { name: /\(CSV\)/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    await viewer.context().close()
  })

  it('lets an annotator tag a passage but not change the text', async () => {
    const link = await share('annotator', 'Ann')
    const annotator = await openAs(link.path)
    expect(await annotator.locator('.topbar .role-badge').textContent()).toBe(
      'Annotator · text locked',
    )
    const before = await briefText(annotator)
    expect(await annotator.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    await annotator.locator('.ProseMirror p').nth(3).click()
    await annotator.keyboard.type('annotator was here')
    expect(await briefText(annotator)).toBe(before)

    await selectText(annotator, annotatorPassage)
    await annotator.getByRole('toolbar', { name: 'Tag passage' }).waitFor()
    await annotator.keyboard.press('1')
    await annotator
      .locator('.ProseMirror .anno[data-kind="claim"]', { hasText: annotatorPassage })
      .waitFor()
    await owner
      .locator('.ProseMirror .anno[data-kind="claim"]', { hasText: annotatorPassage })
      .waitFor()
    expect(await briefText(owner)).toBe(before)
    await annotator.context().close()
  })

  it("creates a viewer link in the owner's share dialog, and revoking it disconnects its reader", async () => {
    expect(await owner.locator('.topbar .role-badge').textContent()).toBe('Owner')
    await owner.getByRole('button', { name: 'Share…' }).click()
    const dialog = owner.getByRole('dialog', { name: /^Share/ })
    await dialog.waitFor()
    const form = dialog.getByRole('form', { name: 'New share link' })
    await form.getByLabel('Role').selectOption('viewer')
    await form.getByLabel('Label').fill('Reviewer <b>Rae</b>')
    await form.getByRole('button', { name: 'Create link' }).click()
    const linkField = dialog.getByLabel('New link')
    await linkField.waitFor()
    const address = await linkField.inputValue()
    expect(address).toMatch(new RegExp(`^${server.url}/d/${docId}\\?token=\\S+$`))
    await dialog.getByRole('button', { name: 'Copy link' }).waitFor()
    const row = dialog.locator('tr', { hasText: 'Reviewer <b>Rae</b>' })
    await row.waitFor()
    expect(await row.locator('td').nth(1).textContent()).toBe('viewer')
    expect(await row.locator('td').nth(2).textContent()).toBe('This document')

    const guest = await openAs(new URL(address).pathname + new URL(address).search)
    expect(await guest.locator('.topbar .role-badge').textContent()).toBe('Viewer · read only')
    await guest.locator('.topbar .status[data-state="saved"]').waitFor()

    await row.getByRole('button', { name: 'Revoke Reviewer <b>Rae</b>' }).click()
    await row.getByRole('button', { name: 'Revoke link' }).click()
    await row.waitFor({ state: 'detached' })
    await guest.locator('.topbar .status[data-state="closed"]').waitFor()
    expect(await guest.locator('.topbar .status').textContent()).toMatch(/^Disconnected/)
    // The token no longer opens anything.
    await guest.reload()
    await guest.getByText('This browser has no valid access token', { exact: false }).waitFor()

    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([])
  })
})
