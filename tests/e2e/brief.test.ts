/**
 * The first whole path through Warrant in real Chromium: two readers in separate browser
 * contexts open the brief, tag passages, see each other's work and cursor live, link evidence
 * to a claim, and download the claims export.
 */
import { readFile, rm } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../support/server'
import {
  buildWeb,
  card,
  highlight,
  launchBrowser,
  openContext,
  selectText,
  setName,
} from './browser'

const statistic = 'exports fell by 86.3 percent year-on-year'
const claim = 'The decline in North Korean trade is an effect of the UN sanctions.'
const evidence = 'North Korean imports fell by 31.2 percent'

interface Served {
  url: string
  token: string
  stop(): Promise<void>
}

interface ExportedRelation {
  type: string
  direction: 'outgoing' | 'incoming'
  other: { id: string; kind: string | null; quote: string | null }
}

interface ExportedRecord {
  id: string
  kind: string
  quote: string
  locator: { section: string; paragraph: number | null }
  relations: ExportedRelation[]
  citation: { text: string; style: string }
}

interface DocumentBody {
  id: string
  text: string
  blocks: Array<{ start: number; end: number; paragraph: number | null }>
}

describe('the brief, end to end in Chromium', () => {
  let server: Served
  let webDist: string
  let browser: Browser
  let first: Page
  let second: Page
  let documentBody: DocumentBody
  const pageErrors: string[] = []

  beforeAll(async () => {
    // The server serves a build of the current sources, made for this file alone.
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    browser = await launchBrowser()
    first = await (await openContext(browser)).newPage()
    second = await (await openContext(browser)).newPage()
    for (const page of [first, second])
      page.on('pageerror', (error) => pageErrors.push(error.message))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  it('opens the brief from the owner link for two readers with their own names', async () => {
    await first.goto(`${server.url}/?token=${server.token}`)
    await setName(first, 'Ada Analyst')
    const link = first.locator('.document-list a').first()
    const path = await link.getAttribute('href')
    expect(path).toMatch(/^\/d\//)
    await link.click()
    await first.locator('.ProseMirror p').first().waitFor()
    expect(new URL(first.url()).searchParams.has('token')).toBe(false)

    await second.goto(`${server.url}${path}?token=${server.token}`)
    await setName(second, 'Ben Checker')
    await second.locator('.ProseMirror p').first().waitFor()

    const response = await fetch(`${server.url}/api${path!.replace('/d/', '/documents/')}`, {
      headers: { Authorization: `Bearer ${server.token}` },
    })
    documentBody = (await response.json()) as DocumentBody
    expect(documentBody.text).toContain(statistic)
  })

  it('lets the first reader tag a statistic with the toolbar and a claim with its number key', async () => {
    await selectText(first, statistic)
    const toolbar = first.getByRole('toolbar', { name: 'Tag passage' })
    await toolbar.getByRole('button', { name: /Statistic/ }).click()
    await highlight(first, 'statistic').waitFor()
    expect(await highlight(first, 'statistic').textContent()).toBe(statistic)

    await selectText(first, claim)
    await toolbar.waitFor()
    await first.keyboard.press('1')
    await highlight(first, 'claim').waitFor()
    expect(await highlight(first, 'claim').textContent()).toBe(claim)
    expect(await card(first, 'claim').locator('.card-quote').textContent()).toBe(claim)
  })

  it("shows both highlights and the first reader's cursor to the second reader without reloading", async () => {
    await highlight(second, 'statistic').waitFor()
    await highlight(second, 'claim').waitFor()
    expect(await highlight(second, 'statistic').textContent()).toBe(statistic)
    expect(await highlight(second, 'claim').textContent()).toBe(claim)
    expect(await highlight(second, 'claim').getAttribute('title')).toContain('Ada Analyst')
    await second
      .locator('.ProseMirror-yjs-cursor .collab-cursor-name', { hasText: 'Ada Analyst' })
      .waitFor()
    await second.locator('.presence-chip', { hasText: 'Ada Analyst' }).waitFor()
  })

  it('lets the second reader tag evidence and link it to the claim as supports', async () => {
    await selectText(second, evidence)
    await second
      .getByRole('toolbar', { name: 'Tag passage' })
      .getByRole('button', { name: /Evidence/ })
      .click()
    const evidenceCard = card(second, 'evidence')
    await evidenceCard.waitFor()
    await evidenceCard.getByRole('button', { name: 'Supports…' }).click()
    await evidenceCard.getByLabel('Claim it supports').selectOption({ label: claim })
    await evidenceCard.getByRole('button', { name: 'Link' }).click()

    await evidenceCard.locator('.relation', { hasText: `supports: “${claim}”` }).waitFor()
    await card(first, 'claim')
      .locator('.relation', { hasText: `supported by: “${evidence}”` })
      .waitFor()
  })

  it('moves between highlights and cards in both directions', async () => {
    await highlight(first, 'statistic').click()
    await first.locator('.card.is-current[data-kind="statistic"]').waitFor()

    await card(first, 'claim').locator('.card-quote').click()
    await first.locator('.card.is-current[data-kind="claim"]').waitFor()
    expect(await first.evaluate(() => window.getSelection()?.toString())).toBe(claim)
  })

  it('downloads a claims export with all three records, the relation both ways, locators and an APA citation', async () => {
    await second.getByRole('button', { name: 'Export', exact: true }).click()
    const [download] = await Promise.all([
      second.waitForEvent('download'),
      second.getByRole('button', { name: /^Claim records \(JSON\)/ }).click(),
    ])
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      records: ExportedRecord[]
    }
    const byKind = new Map(exported.records.map((record) => [record.kind, record]))
    expect(exported.records).toHaveLength(3)
    expect(byKind.get('statistic')?.quote).toBe(statistic)
    expect(byKind.get('claim')?.quote).toBe(claim)
    expect(byKind.get('evidence')?.quote).toBe(evidence)

    const claimRecord = byKind.get('claim')!
    const evidenceRecord = byKind.get('evidence')!
    expect(evidenceRecord.relations).toEqual([
      expect.objectContaining({
        type: 'supports',
        direction: 'outgoing',
        other: expect.objectContaining({ id: claimRecord.id, kind: 'claim', quote: claim }),
      }),
    ])
    expect(claimRecord.relations).toEqual([
      expect.objectContaining({
        type: 'supports',
        direction: 'incoming',
        other: expect.objectContaining({
          id: evidenceRecord.id,
          kind: 'evidence',
          quote: evidence,
        }),
      }),
    ])

    for (const record of exported.records) {
      const start = documentBody.text.indexOf(record.quote)
      const block = documentBody.blocks.find((b) => b.start <= start && start < b.end)
      expect(record.locator.paragraph).toBe(block?.paragraph)
      expect(record.citation.style).toBe('apa')
      expect(record.citation.text).toContain('Choi')
      expect(record.citation.text).toContain(`para. ${block?.paragraph}`)
    }
  })

  it("shows the second reader's cursor to the first, named", async () => {
    await card(first, 'claim').locator('.card-quote').click()
    await highlight(second, 'evidence').click()
    await first
      .locator('.ProseMirror-yjs-cursor .collab-cursor-name', { hasText: 'Ben Checker' })
      .waitFor()
  })

  it('raises no errors in either page', () => {
    expect(pageErrors).toEqual([])
  })
})
