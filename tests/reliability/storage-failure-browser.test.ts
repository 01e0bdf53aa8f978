/**
 * The web app when the server cannot store a change, in real Chromium: while another program
 * holds the database locked, a new annotation is shown as not saved with the server's reason
 * (the provider keeps resending it), and once the lock is released it is stored and the status
 * says saved.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Storage } from '../../apps/server/src/storage'
import {
  buildWeb,
  launchBrowser,
  openContext,
  selectText,
  setName,
  statusOf,
  waitForState,
} from '../e2e/browser'
import { startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
const passage = 'exports fell by 86.3 percent year-on-year'

describe('a change the server could not store, in Chromium', () => {
  let server: TestServer
  let webDist: string
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    browser = await launchBrowser()
    page = await (await openContext(browser)).newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  it('is shown as not saved, with the reason, until the server stores it', async () => {
    await page.goto(`${server.url}/d/${docId}?token=${server.token}`)
    const prompt = page.getByRole('form', { name: 'Choose a display name' })
    await prompt.waitFor()
    await setName(page, 'Ada Analyst')
    await prompt.waitFor({ state: 'detached' })
    await waitForState(page, 'saved')

    const holder = new Storage(join(server.dataDir, 'warrant.sqlite'))
    holder.db.exec('BEGIN EXCLUSIVE')
    try {
      await selectText(page, passage)
      await page.getByRole('toolbar', { name: 'Tag passage' }).waitFor()
      await page.keyboard.press('1')
      await waitForState(page, 'unsaved')
      expect(await statusOf(page).textContent()).toMatch(
        /^Not saved · the database is locked by another program · \d+ changes? not saved$/,
      )
      expect(Number(await statusOf(page).getAttribute('data-pending'))).toBeGreaterThan(0)
    } finally {
      holder.db.exec('ROLLBACK')
      holder.close()
    }
    await waitForState(page, 'saved')
    expect(await statusOf(page).textContent()).toBe('Online · saved')
    const response = await server.api(`/api/documents/${docId}/annotations`)
    const body = (await response.json()) as { annotations: Array<{ quote: string }> }
    expect(body.annotations.map((a) => a.quote)).toContain(passage)
  }, 60_000)
})
