/**
 * The sidebar's three tabs in Chromium, for two readers in separate contexts, over annotations
 * seeded through the HTTP API: the tabs and their counts, filters that narrow the cards and
 * count each value, grouping by kind, the predictions tab marking an overdue prediction and
 * resolving it with the evidence that settles it, and the orphans and drift tab, where an
 * annotation appears when the other reader deletes or changes its passage and is re-anchored,
 * kept at its new text or dismissed (and brought back by undo).
 */
import { rm } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, card, launchBrowser, openContext, selectText, setName } from './browser'

const docId = 'kiep-north-korea-foreign-relations-2024'
const disputed = 'The decline in North Korean trade is an effect of the UN sanctions.'
const reason = 'The biggest reason cited by experts is improved relations with China.'
const imports = 'North Korean imports fell by 31.2 percent'
const prcImports = "North Korea's imports from the PRC exceeded $200 million"
const visit = 'Russian President Putin is expected to visit North Korea on 18-19 May'
const japan =
  'a summit between North Korea and Japan is likely to be discussed only in the first half of 2025'
const woes = 'North Korea will likely seek to address its economic woes'
const statistic = 'exports fell by 86.3 percent year-on-year'
const tensions = 'Tensions also exist between North Korea and Russia.'
const newPlace = 'which resumed after the Dalian summit held in 2018'

function sidebar(page: Page) {
  return page.getByRole('complementary', { name: 'Annotations', exact: true })
}

function tab(page: Page, name: string) {
  return sidebar(page).getByRole('tab', { name: new RegExp(`^${name} \\(\\d+\\)$`) })
}

async function openTab(page: Page, name: string): Promise<void> {
  await tab(page, name).click()
  expect(await tab(page, name).getAttribute('aria-selected')).toBe('true')
}

/** A filter chip: the value's label and its count, e.g. "Claim 3". */
function chip(page: Page, facet: string, label: string) {
  return sidebar(page)
    .getByRole('group', { name: facet, exact: true })
    .getByRole('button', { name: new RegExp(`^${label} \\d+$`) })
}

function shownLine(page: Page) {
  return page.locator('.sidebar-annotations .sidebar-shown-line')
}

function orphanEntry(page: Page, kind: string) {
  return page.locator(`.sidebar-orphans .orphan[data-kind="${kind}"]`)
}

describe('the sidebar tabs, end to end in Chromium', () => {
  let server: TestServer
  let webDist: string
  let browser: Browser
  let ada: Page
  let ben: Page
  const pageErrors: string[] = []

  const seed = async (body: Record<string, unknown>): Promise<void> => {
    const response = await fetch(`${server.url}/api/documents/${docId}/annotations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(response.status).toBe(201)
  }

  beforeAll(async () => {
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    const quote = (exact: string) => ({ exact })
    await seed({
      kind: 'claim',
      quote: quote(disputed),
      attributes: { status: 'disputed' },
      note: 'Check the 2018 figures.',
    })
    await seed({ kind: 'claim', quote: quote(reason) })
    await seed({ kind: 'evidence', quote: quote(imports) })
    await seed({ kind: 'evidence', quote: quote(prcImports) })
    await seed({ kind: 'prediction', quote: quote(visit), attributes: { due: '2024-05-19' } })
    await seed({ kind: 'prediction', quote: quote(japan), attributes: { due: '2999-06-30' } })
    await seed({ kind: 'prediction', quote: quote(woes) })
    await seed({ kind: 'statistic', quote: quote(statistic) })

    browser = await launchBrowser()
    ada = await (await openContext(browser)).newPage()
    ben = await (await openContext(browser)).newPage()
    for (const page of [ada, ben]) {
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(`${server.url}/d/${docId}?token=${server.token}`)
      await page.locator('.ProseMirror p').first().waitFor()
    }
    await setName(ada, 'Ada Analyst')
    await setName(ben, 'Ben Checker')
    // One claim of Ada's own, so that there are two creators to filter by.
    await selectText(ada, tensions)
    await ada
      .getByRole('toolbar', { name: 'Tag passage' })
      .getByRole('button', { name: /Claim/ })
      .click()
    await tab(ben, 'Annotations').filter({ hasText: '(9)' }).waitFor()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  it('shows three tabs with their counts and moves between them with the arrow keys', async () => {
    await tab(ada, 'Annotations').filter({ hasText: '(9)' }).waitFor()
    expect(await tab(ada, 'Predictions').textContent()).toBe('Predictions (3)')
    expect(await tab(ada, 'Orphans & drift').textContent()).toBe('Orphans & drift (0)')
    expect(await tab(ada, 'Annotations').getAttribute('aria-selected')).toBe('true')
    expect(await sidebar(ada).getByRole('tabpanel').count()).toBe(1)

    await tab(ada, 'Annotations').focus()
    await ada.keyboard.press('ArrowRight')
    expect(await tab(ada, 'Predictions').getAttribute('aria-selected')).toBe('true')
    expect(await tab(ada, 'Predictions').evaluate((t) => t === document.activeElement)).toBe(true)
    await sidebar(ada)
      .getByRole('tabpanel', { name: /^Predictions/ })
      .waitFor()
    await ada.keyboard.press('End')
    expect(await tab(ada, 'Orphans & drift').getAttribute('aria-selected')).toBe('true')
    await ada.keyboard.press('ArrowRight')
    expect(await tab(ada, 'Annotations').getAttribute('aria-selected')).toBe('true')
    await card(ada, 'statistic').waitFor()
  })

  it('narrows the cards with filters, counting each value within the others', async () => {
    await sidebar(ada).getByText('Filters', { exact: true }).click()
    expect(await shownLine(ada).textContent()).toBe('9 of 9 shown')
    expect(await chip(ada, 'Kind', 'Claim').textContent()).toBe('Claim 3')
    expect(await chip(ada, 'Creator', 'Ada Analyst').textContent()).toBe('Ada Analyst 1')

    await chip(ada, 'Kind', 'Claim').click()
    await shownLine(ada).filter({ hasText: '3 of 9 shown' }).waitFor()
    expect(await ada.locator('.sidebar .card').count()).toBe(3)
    expect(await chip(ada, 'Kind', 'Claim').getAttribute('aria-pressed')).toBe('true')
    // Within the claims: one is disputed, two have no status.
    expect(await chip(ada, 'Claim status', 'disputed').textContent()).toBe('disputed 1')
    expect(await chip(ada, 'Claim status', 'no status').textContent()).toBe('no status 2')

    await chip(ada, 'Creator', 'Ada Analyst').click()
    await shownLine(ada).filter({ hasText: '1 of 9 shown' }).waitFor()
    expect(await card(ada, 'claim').locator('.card-quote').textContent()).toBe(tensions)

    await sidebar(ada).getByRole('button', { name: 'Clear filters' }).click()
    await shownLine(ada).filter({ hasText: '9 of 9 shown' }).waitFor()
    expect(await sidebar(ada).getByRole('button', { name: 'Clear filters' }).isVisible()).toBe(
      false,
    )
  })

  it('searches quotes and notes without losing the focus or the text of a visible card', async () => {
    const claimCard = ada.locator('.sidebar .card', { hasText: disputed })
    await claimCard.getByRole('button', { name: 'Edit', exact: true }).click()
    const note = claimCard.getByLabel('Note')
    await note.fill('Half-typed thought')
    await note.focus()

    // The list narrows while the reader is typing in the card (as a search from elsewhere would).
    const search = sidebar(ada).getByRole('searchbox', { name: 'Search annotations' })
    await search.evaluate((input: HTMLInputElement) => {
      input.value = '2018 figures'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    await shownLine(ada).filter({ hasText: '1 of 9 shown' }).waitFor()
    expect(await note.evaluate((field) => field === document.activeElement)).toBe(true)
    await ada.keyboard.type('!')
    expect(await note.inputValue()).toBe('Half-typed thought!')
    await claimCard.getByRole('button', { name: 'Cancel' }).click()

    await search.fill('31.2 PERCENT')
    await shownLine(ada).filter({ hasText: '1 of 9 shown' }).waitFor()
    expect(await card(ada, 'evidence').locator('.card-quote').textContent()).toBe(imports)
    await search.fill('')
    await shownLine(ada).filter({ hasText: '9 of 9 shown' }).waitFor()
  })

  it('groups the cards by kind, each group headed by its label and count', async () => {
    await sidebar(ada).getByRole('button', { name: 'By kind' }).click()
    const headings = ada.locator('.sidebar-group-heading')
    await headings.first().waitFor()
    expect(await headings.allTextContents()).toEqual([
      'Claim (3)',
      'Evidence (2)',
      'Prediction (3)',
      'Statistic (1)',
    ])
    const claims = ada.locator('.sidebar-group[data-kind="claim"] .card .card-quote')
    expect(await claims.allTextContents()).toEqual([disputed, reason, tensions])
    await sidebar(ada).getByRole('button', { name: 'Document order' }).click()
    await headings.first().waitFor({ state: 'detached' })
    expect(await ada.locator('.sidebar .card').count()).toBe(9)
  })

  it('marks an overdue prediction and resolves it with the evidence that settles it', async () => {
    await openTab(ada, 'Predictions')
    const entries = ada.locator('.sidebar-predictions .prediction')
    expect(await entries.locator('.prediction-quote').allTextContents()).toEqual([
      visit,
      japan,
      woes,
    ])
    expect(await entries.locator('.prediction-due').allTextContents()).toEqual([
      'Due 2024-05-19',
      'Due 2999-06-30',
      'No due date',
    ])
    const overdue = entries.first()
    expect(await overdue.getAttribute('class')).toContain('is-overdue')
    expect(await overdue.locator('.prediction-overdue').textContent()).toBe('overdue')
    expect(await entries.nth(1).locator('.prediction-overdue').count()).toBe(0)
    expect(await ada.locator('.sidebar-predictions .sidebar-shown-line').textContent()).toBe(
      '3 predictions · 1 overdue',
    )

    await overdue.getByRole('button', { name: 'Resolve…' }).click()
    await overdue.getByRole('button', { name: 'Save outcome' }).click()
    await overdue.getByRole('alert').filter({ hasText: 'Choose an outcome.' }).waitFor()
    await overdue.getByLabel('Outcome').selectOption('incorrect')
    await overdue.getByLabel('Evidence that settles it').selectOption({ label: prcImports })
    await overdue.getByLabel('Resolution').fill('Putin visited on 19 June instead.')
    await overdue.getByRole('button', { name: 'Save outcome' }).click()

    await overdue.locator('.prediction-outcome', { hasText: 'Outcome: incorrect' }).waitFor()
    expect(await overdue.locator('.prediction-overdue').count()).toBe(0)
    expect(await overdue.locator('.relation').textContent()).toBe(`resolved by: “${prcImports}”`)
    await ada.locator('.sidebar-predictions [role="status"]', { hasText: 'incorrect' }).waitFor()
    // The other reader sees the relation on the evidence card and the outcome on the prediction.
    await card(ben, 'evidence')
      .locator('.relation', { hasText: `resolves: “${visit}”` })
      .waitFor()
    await openTab(ben, 'Predictions')
    await ben
      .locator('.sidebar-predictions .prediction-outcome', { hasText: 'Outcome: incorrect' })
      .waitFor()
    expect(await ben.locator('.sidebar-predictions .sidebar-shown-line').textContent()).toBe(
      '3 predictions',
    )

    // One undo takes the outcome and the relation back together.
    await sidebar(ada).getByRole('button', { name: 'Undo' }).click()
    await overdue.locator('.prediction-overdue').waitFor()
    expect(await overdue.locator('.prediction-outcome').textContent()).toBe('No outcome yet')
    expect(await overdue.locator('.relation').count()).toBe(0)
    await sidebar(ada).getByRole('button', { name: 'Undo' }).focus()
    await ada.keyboard.press('Control+Shift+z')
    await overdue.locator('.prediction-outcome', { hasText: 'Outcome: incorrect' }).waitFor()
    await overdue.locator('.relation').waitFor()
    await openTab(ben, 'Annotations')
  })

  it('lists an orphan when another reader deletes its passage, and re-anchors it', async () => {
    await openTab(ada, 'Orphans & drift')
    await selectText(ben, statistic)
    await ben.keyboard.press('Backspace')

    const orphan = orphanEntry(ada, 'statistic')
    await orphan.waitFor()
    await tab(ada, 'Orphans & drift').filter({ hasText: '(1)' }).waitFor()
    expect(await orphan.locator('.orphan-original q').textContent()).toBe(statistic)
    expect(await orphan.locator('.card-health').textContent()).toBe('orphaned')
    await ada.locator('.sidebar-orphans [role="status"]', { hasText: 'lost its text' }).waitFor()

    // The annotations list leaves it here, says so, and shows it on asking.
    await openTab(ada, 'Annotations')
    await shownLine(ada).filter({ hasText: '8 of 9 shown · 1 orphan in Orphans & drift' }).waitFor()
    await chip(ada, 'Anchor', 'orphaned').click()
    await card(ada, 'statistic').locator('.card-health', { hasText: 'orphaned' }).waitFor()
    await sidebar(ada).getByRole('button', { name: 'Clear filters' }).click()
    await card(ada, 'statistic').waitFor({ state: 'detached' })

    await openTab(ada, 'Orphans & drift')
    await selectText(ada, newPlace)
    await orphan.getByRole('button', { name: 'Re-anchor to selection' }).click()
    await orphan.waitFor({ state: 'detached' })
    await ada.locator('.sidebar-orphans [role="status"]', { hasText: 'Re-anchored' }).waitFor()
    await tab(ada, 'Orphans & drift').filter({ hasText: '(0)' }).waitFor()
    expect(await tab(ada, 'Orphans & drift').getAttribute('aria-selected')).toBe('true')
    await card(ben, 'statistic').locator('.card-quote', { hasText: newPlace }).waitFor()
  })

  it('dismisses an orphan after a confirm step, and undo brings it back', async () => {
    await selectText(ben, reason)
    await ben.keyboard.press('Backspace')
    const orphan = orphanEntry(ada, 'claim')
    await orphan.waitFor()

    await orphan.getByRole('button', { name: 'Dismiss' }).click()
    const confirm = orphan.getByRole('group', { name: 'Confirm dismissal' })
    expect(await confirm.textContent()).toContain('Undo')
    await confirm.getByRole('button', { name: 'Yes, dismiss' }).click()
    await orphan.waitFor({ state: 'detached' })
    await ada.locator('.sidebar-orphans [role="status"]', { hasText: 'Dismissed' }).waitFor()
    await tab(ada, 'Annotations').filter({ hasText: '(8)' }).waitFor()

    await sidebar(ada).getByRole('button', { name: 'Undo' }).click()
    await orphan.waitFor()
    await ada.locator('.sidebar-orphans [role="status"]', { hasText: 'is back' }).waitFor()
    expect(await orphan.locator('.orphan-original q').textContent()).toBe(reason)
    await tab(ada, 'Annotations').filter({ hasText: '(9)' }).waitFor()
  })

  it('keeps a drifted annotation at its new text', async () => {
    await selectText(ben, '31.2')
    // Deleted first: with a passage selected, a number key tags it.
    await ben.keyboard.press('Backspace')
    await ben.keyboard.type('31.5')
    const drifted = ada.locator('.sidebar-orphans .orphan[data-health="drifted"]')
    // Drifted from the first deleted character; waits for the whole new figure.
    await drifted.locator('.orphan-now q', { hasText: '31.5' }).waitFor()
    expect(await drifted.locator('.orphan-original q').textContent()).toBe(imports)
    expect(await drifted.locator('.orphan-now q').textContent()).toBe(
      imports.replace('31.2', '31.5'),
    )

    await drifted.getByRole('button', { name: 'Keep at the new text' }).click()
    await drifted.waitFor({ state: 'detached' })
    await ada.locator('.sidebar-orphans [role="status"]', { hasText: 'Kept' }).waitFor()
    const evidence = ben.locator('.sidebar .card', { hasText: '31.5 percent' })
    await evidence.waitFor()
    expect(await evidence.locator('.card-health').count()).toBe(0)
  })

  it('raises no errors in either page', () => {
    expect(pageErrors).toEqual([])
  })
})
