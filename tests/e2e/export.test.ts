/**
 * Export and import from the reading page in real Chromium: the owner downloads a CSV cited in
 * MLA from the Export menu and closes it from the keyboard, then imports a claims export through
 * the dialog, reads its report and sees the new annotation reach the sidebar by sync.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, launchBrowser, openContext } from './browser'

const docId = 'kiep-north-korea-foreign-relations-2024'
const claim = 'The decline in North Korean trade is an effect of the UN sanctions.'

describe('export and import from the reading page, end to end in Chromium', () => {
  let server: TestServer
  let webDist: string
  let scratch: string
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    server.api(`/api/documents/${docId}${path}`, init)

  beforeAll(async () => {
    webDist = await buildWeb()
    scratch = await mkdtemp(join(tmpdir(), 'warrant-export-'))
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    const created = await api('/annotations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'claim', quote: { exact: claim } }),
    })
    expect(created.status).toBe(201)
    browser = await launchBrowser()
    page = await (await openContext(browser)).newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${server.url}/d/${docId}?token=${server.token}`)
    await page.locator('.sidebar-heading', { hasText: 'Annotations (1)' }).waitFor()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    for (const dir of [webDist, scratch]) if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('downloads a CSV with a BOM, a header row and MLA citations, then closes on Escape', async () => {
    const toggle = page.getByRole('button', { name: 'Export', exact: true })
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await page.getByLabel('Citation style', { exact: true }).selectOption('mla')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /\(CSV\)/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const text = await readFile(await download.path(), 'utf8')
    expect(text.startsWith('\uFEFFid,kind,quote,')).toBe(true)
    expect(text).toContain(claim)
    // MLA gives no year and abbreviates paragraph as "par." (APA: "(Choi, 2024, para. 6)").
    expect(text).toMatch(/"\(Choi, par\. \d+\)"/)
    await page.getByText(`Downloaded ${download.suggestedFilename()}.`).waitFor()

    await page.keyboard.press('Escape')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true)
  })

  it('imports a claims export, reports the counts, and the sidebar grows by sync', async () => {
    const file = join(scratch, 'claims.json')
    await writeFile(file, await (await api('/export?format=claims')).text())
    await page.getByRole('button', { name: 'Import annotations…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import annotations' })

    await dialog.getByLabel('Export file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"records": 3}'),
    })
    await dialog.getByRole('button', { name: 'Import', exact: true }).click()
    await dialog.getByText(/^Import failed: .+/).waitFor()

    await dialog.getByLabel('Export file').setInputFiles(file)
    await dialog.getByRole('button', { name: 'Import', exact: true }).click()
    await dialog.getByText('Imported 1 annotation.').waitFor()
    await dialog.getByText('1 placed on their passage, unchanged.').waitFor()
    await dialog.getByText('0 relations and 0 comments imported.').waitFor()
    await page.locator('.sidebar-heading', { hasText: 'Annotations (2)' }).waitFor()
    await dialog.getByRole('button', { name: 'Close' }).click()
    expect(await dialog.isVisible()).toBe(false)
  })

  it('raises no errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
