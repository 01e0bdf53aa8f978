/**
 * The first whole path through Warrant in real Chromium: two readers in separate browser
 * contexts open the brief, tag passages, see each other's work and cursor live, link evidence
 * to a claim, and download the claims export. It also takes the README's first-screen picture.
 */
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../support/server'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..')

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

/**
 * Selects `needle` in the editor the way a mouse would: a DOM Range over its text nodes
 * (collaborators' cursor labels excluded), which ProseMirror reads back as its selection.
 */
async function selectText(page: Page, needle: string): Promise<void> {
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

/** Opens a reader's browser context at 1280x800 with downloads allowed. */
function openContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    reducedMotion: 'reduce',
  })
}

/** Sets the display name in the top bar. */
async function setName(page: Page, name: string): Promise<void> {
  const field = page.getByLabel('Your name')
  await field.fill(name)
  await field.press('Enter')
}

/** The highlight of `kind` in the editor. */
function highlight(page: Page, kind: string) {
  return page.locator(`.ProseMirror .anno[data-kind="${kind}"]`)
}

/** The sidebar card of `kind`. */
function card(page: Page, kind: string) {
  return page.locator(`.sidebar .card[data-kind="${kind}"]`)
}

describe('the brief, end to end in Chromium', () => {
  let server: Served
  let browser: Browser
  let first: Page
  let second: Page
  let documentBody: DocumentBody
  const pageErrors: string[] = []

  beforeAll(async () => {
    // The server serves apps/web/dist: build it from the current sources.
    execFileSync('pnpm', ['--filter', '@warrant/web', 'build'], { cwd: repo, stdio: 'pipe' })
    server = await startServer()
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    })
    first = await (await openContext(browser)).newPage()
    second = await (await openContext(browser)).newPage()
    for (const page of [first, second])
      page.on('pageerror', (error) => pageErrors.push(error.message))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
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
    const [download] = await Promise.all([
      second.waitForEvent('download'),
      second.getByRole('button', { name: 'Export claims' }).click(),
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

  it("shows the second reader's cursor to the first, and takes the first-screen picture", async () => {
    await card(first, 'claim').locator('.card-quote').click()
    // Collapse the selection to a caret so the picture shows the highlights, not the selection.
    await first.keyboard.press('ArrowRight')
    await highlight(second, 'evidence').click()
    await first
      .locator('.ProseMirror-yjs-cursor .collab-cursor-name', { hasText: 'Ben Checker' })
      .waitFor()
    await first.screenshot({ path: join(here, 'first-screen.png') })
  })

  it('raises no errors in either page', () => {
    expect(pageErrors).toEqual([])
  })
})
