/**
 * A card and what hangs off it, in real Chromium with two readers in two browser contexts: the
 * attributes form suited to the kind (a claim's status, a prediction's due date and outcome, a
 * refused source said in text), linking evidence to a claim by searching, links in comments made
 * safe (an http link opens in a new tab without an opener; a `javascript:` address stays text),
 * and "Copy citation" putting the quote with its formatted citation on the clipboard.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/server'
import { setName } from './browser'
import { openTwoReaders, type TwoReaders } from './two-readers'

const docId = 'kiep-north-korea-foreign-relations-2024'
const claim = 'The biggest reason cited by experts is improved relations with China.'
const otherClaim = 'The decline in North Korean trade is an effect of the UN sanctions.'
const evidence = "North Korea's imports from the PRC exceeded $200 million"
const prediction = 'Russian President Putin is expected to visit North Korea on 18-19 May'

/** The card of the annotation `id` in a reader's sidebar. */
function cardOf(page: Page, id: string) {
  return page.locator(`.sidebar .card[data-annotation-id="${id}"]`)
}

/** Waits until the control `name` on the card of `id` shows `value`. */
async function waitForValue(page: Page, id: string, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([selector, wanted]) =>
      document.querySelector<HTMLInputElement | HTMLSelectElement>(selector)?.value === wanted,
    [`.sidebar .card[data-annotation-id="${id}"] [name="${name}"]`, value] as const,
  )
}

describe('cards: attributes, linking, safe links and citations, in Chromium', () => {
  let readers: TwoReaders
  let server: TestServer
  let ada: Page
  let ben: Page
  const ids = { claim: '', otherClaim: '', evidence: '', prediction: '' }

  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    server.api(`/api/documents/${docId}${path}`, init)

  const annotate = async (kind: string, exact: string): Promise<string> => {
    const response = await api('/annotations', {
      method: 'POST',
      body: JSON.stringify({ kind, quote: { exact } }),
    })
    expect(response.status).toBe(201)
    return ((await response.json()) as { id: string }).id
  }

  beforeAll(async () => {
    readers = await openTwoReaders()
    ;({ server, ada, ben } = readers)
    ids.claim = await annotate('claim', claim)
    ids.otherClaim = await annotate('claim', otherClaim)
    ids.evidence = await annotate('evidence', evidence)
    ids.prediction = await annotate('prediction', prediction)
    await readers.adaContext.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    })
    for (const page of [ada, ben]) {
      await page.goto(`${server.url}/d/${docId}?token=${server.token}`)
      await page.locator('.sidebar-heading', { hasText: 'Annotations (4)' }).waitFor()
    }
    await setName(ada, 'Ada Analyst')
    await setName(ben, 'Ben Checker')
  }, 120_000)

  afterAll(() => readers?.close())

  it("sets a claim's status from its card, and the other reader's card shows it", async () => {
    const status = cardOf(ada, ids.claim).getByLabel('Status')
    const offered = await status
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
    expect(offered).toEqual(['', 'unverified', 'supported', 'disputed', 'refuted'])
    await status.selectOption('disputed')

    await waitForValue(ben, ids.claim, 'status', 'disputed')
    await cardOf(ben, ids.claim)
      .locator('.card-meta', { hasText: 'edited by Ada Analyst' })
      .waitFor()
    const listed = (await (await api('/annotations')).json()) as {
      annotations: Array<{ id: string; attributes: Record<string, unknown> }>
    }
    const stored = listed.annotations.find((annotation) => annotation.id === ids.claim)
    expect(stored?.attributes).toEqual({ status: 'disputed' })
  })

  it("sets a prediction's due date and outcome on its card", async () => {
    const mine = cardOf(ada, ids.prediction)
    await mine.getByLabel('Due').fill('2024-05-19')
    await mine.getByLabel('Outcome').selectOption('correct')

    await waitForValue(ben, ids.prediction, 'due', '2024-05-19')
    await waitForValue(ben, ids.prediction, 'outcome', 'correct')
  })

  it('records the resolution in the Edit form and reads it back as a compact line', async () => {
    const mine = cardOf(ben, ids.prediction)
    await mine.getByRole('button', { name: 'Edit', exact: true }).click()
    await mine.getByLabel('Resolution').fill('Putin visited on 19 June instead.')
    await mine.getByRole('button', { name: 'Save' }).click()

    await cardOf(ada, ids.prediction)
      .locator('.attribute-summary', { hasText: 'Resolution Putin visited on 19 June instead.' })
      .waitFor()
    await waitForValue(ada, ids.prediction, 'outcome', 'correct')
  })

  it('says in text why a source is refused, and stores a web address', async () => {
    const source = cardOf(ada, ids.evidence).getByLabel('Source')
    await source.fill('the KITA database')
    await source.press('Enter')
    await cardOf(ada, ids.evidence)
      .getByRole('alert')
      .filter({ hasText: /^Source: / })
      .waitFor()
    expect(await source.getAttribute('aria-invalid')).toBe('true')

    await source.fill('https://stat.kita.net/')
    await source.press('Enter')
    await waitForValue(ben, ids.evidence, 'source', 'https://stat.kita.net/')
    const open = cardOf(ben, ids.evidence).getByRole('link', { name: /Open source/ })
    expect(await open.getAttribute('href')).toBe('https://stat.kita.net/')
    expect(await open.getAttribute('rel')).toBe('noopener noreferrer nofollow')
  })

  it('links evidence to a claim found by searching its quote, from the keyboard', async () => {
    const mine = cardOf(ben, ids.evidence)
    await mine.getByRole('button', { name: 'Supports…' }).click()
    const search = mine.getByLabel('Find by quote or kind')
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true)
    await search.pressSequentially('improved relations')
    await mine.locator('.link-count', { hasText: '1 of 2 match' }).waitFor()
    const chosen = await mine.getByLabel('Claim it supports').inputValue()
    expect(chosen).toBe(ids.claim)
    await search.press('Enter')

    await cardOf(ada, ids.claim)
      .locator('.relation', { hasText: `supported by: “${evidence}”` })
      .waitFor()
    expect(await cardOf(ada, ids.otherClaim).locator('.relation').count()).toBe(0)
  })

  it('says when the search matches nothing, and Escape closes the form', async () => {
    const mine = cardOf(ben, ids.evidence)
    await mine.getByRole('button', { name: 'Contradicts…' }).click()
    const search = mine.getByLabel('Find by quote or kind')
    await search.pressSequentially('tariffs')
    await mine.getByRole('option', { name: 'Nothing matches the search' }).waitFor({
      state: 'attached',
    })
    expect(await mine.getByRole('button', { name: 'Link', exact: true }).isDisabled()).toBe(true)
    await search.press('Escape')
    await mine.locator('.link-form').waitFor({ state: 'hidden' })
  })

  it('makes a web address in a comment a safe link and leaves a javascript: address as text', async () => {
    const target = `${server.url}/api/me`
    const text = `Compare ${target}. Not javascript:window.__xss=1 though.`
    const mine = cardOf(ada, ids.claim)
    await mine.getByRole('button', { name: 'Comment', exact: true }).click()
    await mine.getByLabel('Comment', { exact: true }).fill(text)
    await mine.getByRole('button', { name: 'Post' }).click()

    const comment = cardOf(ben, ids.claim).locator('.comment-text', { hasText: 'Compare' })
    await comment.waitFor()
    expect(await comment.textContent()).toBe(text)
    const links = comment.locator('a')
    expect(await links.count()).toBe(1)
    expect(await links.getAttribute('href')).toBe(target)
    expect(await links.getAttribute('target')).toBe('_blank')
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    expect(await links.textContent()).toBe(target)

    const [opened] = await Promise.all([ben.context().waitForEvent('page'), links.click()])
    await opened.waitForLoadState()
    expect(opened.url()).toBe(target)
    expect(await opened.evaluate(() => window.opener)).toBeNull()
    await opened.close()
    expect(await ben.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
  })

  it('copies the quote with its formatted citation and paragraph to the clipboard', async () => {
    const answer = (await (await api(`/annotations/${ids.claim}/citation`)).json()) as {
      text: string
      locator: { paragraph: number }
    }
    expect(answer.text).toBe(`(Choi, 2024, para. ${answer.locator.paragraph})`)

    await ada.bringToFront()
    const mine = cardOf(ada, ids.claim)
    await mine.getByRole('button', { name: 'Copy citation' }).click()
    await mine.getByRole('status').filter({ hasText: 'Copied' }).waitFor()
    const copied = await ada.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(`“${claim}” ${answer.text}`)
  })

  it('raises no errors in either page', () => {
    expect(readers.pageErrors).toEqual([])
  })
})
