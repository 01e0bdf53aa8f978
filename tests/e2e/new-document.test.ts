/**
 * Bringing a brief in as a PDF, in real Chromium: the owner uploads the PDF fixture through
 * "New document…", reads the cleaned text with its pages, corrects the author, creates the
 * document, tags a passage on a later page and exports: the citation gives the page and the
 * paragraph, under the corrected author.
 */
import { readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseMarkdown } from '@warrant/document'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, launchBrowser, openContext, selectText } from './browser'

const fixtures = resolve('packages/document/fixtures')
const claim = 'The international community should use the resumption of economic cooperation'

interface ClaimsExport {
  document: { id: string; citation: { author?: Array<{ family?: string; given?: string }> } }
  records: Array<{
    quote: string
    locator: { paragraph: number | null; page?: number | null }
    citation: { text: string }
  }>
}

/** The page and paragraph number the PDF fixture puts the passage on. */
async function whereTheClaimIs(): Promise<{ page: number; paragraph: number }> {
  const markdown = await readFile(resolve('documents/kiep-north-korea-foreign-relations-2024.md'))
  const pages = JSON.parse(await readFile(join(fixtures, 'brief.pages.json'), 'utf8')) as {
    blocks: Array<{ level: number | null; page: number }>
  }
  const { doc } = parseMarkdown(markdown.toString('utf8'))
  let block = -1
  let paragraph = 0
  let found: { page: number; paragraph: number } | null = null
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    block += 1
    if (node.type.name === 'paragraph') paragraph += 1
    if (found === null && node.textContent.includes(claim)) {
      found = { page: pages.blocks[block]!.page, paragraph }
    }
    return false
  })
  if (found === null) throw new Error('the claim is not in the brief')
  return found
}

describe('a new document from a PDF, end to end in Chromium', () => {
  let server: TestServer
  let webDist: string
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    browser = await launchBrowser()
    page = await (await openContext(browser)).newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(`${server.url}/?token=${server.token}`)
    await page
      .getByRole('link', { name: /North Korea/ })
      .first()
      .waitFor()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  it('previews the cleaned PDF with its pages and creates it with the corrected author', async () => {
    await page.getByRole('button', { name: 'New document…' }).click()
    const dialog = page.getByRole('dialog', { name: 'New document' })
    await dialog
      .getByLabel('File (PDF, HTML, Markdown or text)')
      .setInputFiles(join(fixtures, 'brief.pdf'))
    await dialog.getByRole('button', { name: 'Preview' }).click()
    const cleaned = dialog.getByRole('region', { name: 'Cleaned text' })
    await cleaned.getByText('p. 1').first().waitFor()
    expect(await cleaned.textContent()).not.toMatch(/KIEP World Economy Brief ·/)
    const title = dialog.getByLabel('Title')
    expect(await title.inputValue()).toMatch(/North Korea/)
    await dialog.getByLabel('Authors').fill('Choi, Jang-ho')
    await dialog.getByRole('button', { name: 'Create document' }).click()
    await page.waitForURL(/\/d\//)
    await page.locator('.ProseMirror').getByText(claim).waitFor()
  })

  it('tags a passage on a later page and exports its citation with the page and paragraph', async () => {
    const where = await whereTheClaimIs()
    expect(where.page).toBeGreaterThan(1)
    await page.locator('.ProseMirror').getByText(claim).click()
    await selectText(page, claim)
    await page
      .getByRole('toolbar', { name: 'Tag passage' })
      .getByRole('button', { name: /Claim/ })
      .click()
    await page.locator('.sidebar-heading', { hasText: 'Annotations (1)' }).waitFor()

    await page.getByRole('button', { name: 'Export', exact: true }).click()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Claim records \(JSON\)/ }).click(),
    ])
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as ClaimsExport
    const [record] = exported.records
    expect(record?.quote).toBe(claim)
    expect(record?.locator).toMatchObject(where)
    expect(record?.citation.text).toBe(`(Choi, 2024, p. ${where.page}, para. ${where.paragraph})`)
    expect(exported.document.citation.author?.[0]).toEqual({ family: 'Choi', given: 'Jang-ho' })
    expect(pageErrors).toEqual([])
  })
})
