/**
 * The annotation model in the browser, for two readers in separate Chromium contexts: deleting
 * an annotation takes its relations along, undo restores only one's own changes, threads and
 * their resolution reach the other reader live, an edit says who made it, an orphan is listed
 * in the Orphans & drift tab and re-anchored keeping its relation and thread, and the codebook
 * follows live changes.
 */
import { rm } from 'node:fs/promises'
import {
  type Codebook,
  createAnnotation,
  defaultCodebook,
  readCodebook,
  writeCodebook,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient } from '../support/clients'
import { startServer, type TestServer } from '../support/server'
import {
  buildWeb,
  card,
  highlight,
  launchBrowser,
  openContext,
  selectText,
  setName,
} from './browser'

const claim = 'The biggest reason cited by experts is improved relations with China.'
const evidence = "North Korea's imports from the PRC exceeded $200 million"
const prediction = 'Russian President Putin is expected to visit North Korea on 18-19 May'
const newPlace = 'which resumed after the Dalian summit held in 2018'

/** Tags the passage `needle` with the kind whose toolbar button is labelled `label`. */
async function tag(page: Page, needle: string, label: string): Promise<void> {
  await selectText(page, needle)
  await page
    .getByRole('toolbar', { name: 'Tag passage' })
    .getByRole('button', { name: new RegExp(label) })
    .click()
}

describe('the annotation model, end to end in Chromium', () => {
  let server: TestServer
  let webDist: string
  let browser: Browser
  let ada: Page
  let ben: Page
  let path: string
  const pageErrors: string[] = []

  beforeAll(async () => {
    webDist = await buildWeb()
    server = await startServer({ env: { WARRANT_WEB_DIST: webDist } })
    browser = await launchBrowser()
    ada = await (await openContext(browser)).newPage()
    ben = await (await openContext(browser)).newPage()
    for (const page of [ada, ben]) page.on('pageerror', (error) => pageErrors.push(error.message))

    await ada.goto(`${server.url}/?token=${server.token}`)
    await setName(ada, 'Ada Analyst')
    path = (await ada.locator('.document-list a').first().getAttribute('href'))!
    await ada.locator('.document-list a').first().click()
    await ada.locator('.ProseMirror p').first().waitFor()
    await ben.goto(`${server.url}${path}?token=${server.token}`)
    await setName(ben, 'Ben Checker')
    await ben.locator('.ProseMirror p').first().waitFor()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
  })

  it('removes the relation from the other card when an annotation is deleted', async () => {
    await tag(ada, claim, 'Claim')
    await card(ben, 'claim').waitFor()
    await tag(ben, evidence, 'Evidence')
    const evidenceCard = card(ben, 'evidence')
    await evidenceCard.getByRole('button', { name: 'Supports…' }).click()
    await evidenceCard.getByLabel('Claim it supports').selectOption({ label: claim })
    await evidenceCard.getByRole('button', { name: 'Link' }).click()
    const supported = card(ada, 'claim').locator('.relation', { hasText: 'supported by' })
    await supported.waitFor()

    await evidenceCard.getByRole('button', { name: 'Delete', exact: true }).click()
    // The card asks first, inside itself.
    await evidenceCard.getByRole('group', { name: 'Confirm deletion' }).waitFor()
    await evidenceCard.getByRole('button', { name: 'Yes, delete' }).click()

    await card(ada, 'evidence').waitFor({ state: 'detached' })
    await supported.waitFor({ state: 'detached' })
    expect(await highlight(ada, 'evidence').count()).toBe(0)
  })

  it("undoes one reader's deletion with Mod-z and leaves the other reader's newer annotation", async () => {
    await tag(ada, prediction, 'Prediction')
    await card(ben, 'prediction').waitFor()

    await ben.keyboard.press('Control+z')
    await card(ada, 'evidence').waitFor()
    await card(ada, 'claim')
      .locator('.relation', { hasText: `supported by: “${evidence}”` })
      .waitFor()
    expect(await card(ben, 'prediction').count()).toBe(1)
    expect(await card(ada, 'prediction').count()).toBe(1)
  })

  it("undoes and redoes the reader's own last change with the sidebar's Undo button", async () => {
    await ada
      .getByRole('complementary', { name: 'Annotations' })
      .getByRole('button', {
        name: 'Undo',
      })
      .click()
    await card(ben, 'prediction').waitFor({ state: 'detached' })
    expect(await card(ben, 'evidence').count()).toBe(1)

    await ada.keyboard.press('Control+Shift+z')
    await card(ben, 'prediction').waitFor()
    expect(await card(ben, 'evidence').count()).toBe(1)
  })

  it("shows another reader's edit of the note as text, with who edited it", async () => {
    const mine = card(ben, 'prediction')
    await mine.getByRole('button', { name: 'Edit', exact: true }).click()
    await mine.getByLabel('Note').fill('<img src=x onerror=alert(1)> Check after 19 May.')
    await mine.getByRole('button', { name: 'Save' }).click()

    const theirs = card(ada, 'prediction')
    await theirs.locator('.card-note', { hasText: 'Check after 19 May.' }).waitFor()
    expect(await theirs.locator('.card-note').textContent()).toBe(
      '<img src=x onerror=alert(1)> Check after 19 May.',
    )
    expect(await theirs.locator('.card-note img').count()).toBe(0)
    await theirs.locator('.card-meta', { hasText: 'edited by Ben Checker' }).waitFor()
  })

  it('shows a comment and its reply to the other reader', async () => {
    const adaClaim = card(ada, 'claim')
    await adaClaim.getByRole('button', { name: 'Comment', exact: true }).click()
    await adaClaim.getByLabel('Comment', { exact: true }).fill('Is this <b>the</b> biggest reason?')
    await adaClaim.getByRole('button', { name: 'Post' }).click()

    const benClaim = card(ben, 'claim')
    const comment = benClaim.locator('.comment', { hasText: 'biggest reason?' })
    await comment.waitFor()
    expect(await comment.locator('.comment-text').textContent()).toBe(
      'Is this <b>the</b> biggest reason?',
    )
    expect(await comment.locator('.comment-author').textContent()).toBe('Ada Analyst')
    expect(await comment.locator('time').textContent()).toBe('just now')

    await benClaim.getByRole('button', { name: 'Reply' }).click()
    await benClaim.getByLabel('Reply').fill('Sanctions matter more.')
    await benClaim.getByRole('button', { name: 'Post' }).click()
    const reply = adaClaim.locator('.comment', { hasText: 'Sanctions matter more.' })
    await reply.waitFor()
    expect(await reply.locator('.comment-author').textContent()).toBe('Ben Checker')
  })

  it('shows a thread resolved by one reader as resolved to the other, and reopens it', async () => {
    await card(ben, 'claim').getByRole('button', { name: 'Resolve', exact: true }).click()
    const thread = card(ada, 'claim').locator('.thread-item.is-resolved')
    await thread.waitFor()
    expect(await thread.locator('.thread-status').textContent()).toContain(
      'Resolved by Ben Checker',
    )
    await thread.getByRole('button', { name: 'Reopen' }).click()
    await card(ben, 'claim').locator('.thread-item:not(.is-resolved)').waitFor()
  })

  it('lists an orphan in the Orphans & drift tab and re-anchors it to a new selection, keeping its relation', async () => {
    await selectText(ada, claim)
    await ada.keyboard.press('Backspace')

    const orphansTab = (page: Page) => page.getByRole('tab', { name: /^Orphans & drift/ })
    const annotationsTab = (page: Page) => page.getByRole('tab', { name: /^Annotations/ })
    await orphansTab(ada).click()
    await orphansTab(ben).click()
    const orphan = ada.locator('.sidebar-orphans .orphan[data-kind="claim"]')
    await orphan.waitFor()
    await ben.locator('.sidebar-orphans .orphan[data-kind="claim"]').waitFor()
    expect(await orphansTab(ada).textContent()).toBe('Orphans & drift (1)')
    expect(await orphan.locator('.orphan-original q').textContent()).toBe(claim)
    expect(await orphan.locator('.card-health').textContent()).toBe('orphaned')

    await selectText(ada, newPlace)
    await orphan.getByRole('button', { name: 'Re-anchor to selection' }).click()

    await orphan.waitFor({ state: 'detached' })
    await ada.locator('.sidebar-orphans [role="status"]', { hasText: 'Re-anchored' }).waitFor()
    await ben
      .locator('.sidebar-orphans [role="status"]', { hasText: 'sits on its text again' })
      .waitFor()
    await annotationsTab(ada).click()
    await annotationsTab(ben).click()
    const placed = ada.locator('.cards .card[data-kind="claim"]').first()
    await placed.locator('.card-quote', { hasText: newPlace }).waitFor()
    await placed.locator('.relation', { hasText: `supported by: “${evidence}”` }).waitFor()
    await placed.locator('.comment', { hasText: 'Sanctions matter more.' }).waitFor()
    await highlight(ben, 'claim').filter({ hasText: newPlace }).waitFor()
    expect(await card(ben, 'evidence').locator('.relation').textContent()).toBe(
      `supports: “${newPlace}”`,
    )
  })

  it('shows a drifted card with the text as it reads now beside the original quote', async () => {
    await selectText(ada, '18-19')
    // Deleted first: with a passage selected, a number key tags it.
    await ada.keyboard.press('Backspace')
    await ada.keyboard.type('18-20')
    const drifted = card(ben, 'prediction')
    await drifted
      .locator('.card-quote', { hasText: prediction.replace('18-19', '18-20') })
      .waitFor()
    expect(await drifted.locator('.card-health').textContent()).toBe('drifted')
    expect(await drifted.locator('.card-original q').textContent()).toBe(prediction)
  })

  it('follows the codebook live: a retired kind leaves the toolbar but keeps its label and colour', async () => {
    const content = await connectClient(server, `${path.replace('/d/', '')}.content`)
    const current: Codebook = readCodebook(content.doc)
    writeCodebook(content.doc, {
      kinds: current.kinds.map((kind) =>
        kind.key === 'prediction'
          ? { ...kind, label: 'Forecast', colour: '#a0c4ff', retired: true }
          : kind,
      ),
    })
    await card(ada, 'prediction').locator('.card-kind', { hasText: 'Forecast' }).waitFor()
    await ada.waitForFunction(() =>
      document
        .querySelector('.ProseMirror .anno[data-kind="prediction"]')
        ?.getAttribute('style')
        ?.includes('#a0c4ff'),
    )
    await selectText(ada, 'Tensions also exist between North Korea and Russia.')
    const toolbar = ada.getByRole('toolbar', { name: 'Tag passage' })
    await toolbar.waitFor()
    expect(await toolbar.locator('[data-kind="claim"]').count()).toBe(1)
    expect(await toolbar.locator('[data-kind="prediction"]').count()).toBe(0)
    content.close()
  })

  it('draws an annotation of a kind the codebook does not know in a neutral colour, under its key', async () => {
    const docId = path.replace('/d/', '')
    const content = await connectClient(server, `${docId}.content`)
    const annotations = await connectClient(server, `${docId}.annotations`)
    const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
    const passage = 'Tensions also exist between North Korea and Russia.'
    const start = fragmentText(fragment).text.indexOf(passage)
    // Written by a client whose codebook has one more kind than the document's.
    const future = { key: 'hypothesis', label: 'Hypothesis', description: '', colour: '#00ff00' }
    createAnnotation(
      annotations.doc,
      fragment,
      { kind: 'hypothesis', span: { start, end: start + passage.length }, creator: 'Cy Later' },
      { codebook: { kinds: [...defaultCodebook.kinds, { ...future, shortcut: '9' }] } },
    )
    const unknown = card(ada, 'hypothesis')
    await unknown.waitFor()
    expect(await unknown.locator('.card-kind').textContent()).toBe('hypothesis')
    const style = await highlight(ada, 'hypothesis').getAttribute('style')
    expect(style).toContain('#8a8a8a')
    content.close()
    annotations.close()
  })

  it('raises no errors in either page', () => {
    expect(pageErrors).toEqual([])
  })
})
