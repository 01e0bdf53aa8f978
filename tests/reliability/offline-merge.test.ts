/**
 * Work done offline in a real browser reaches the other readers. Ada, offline, edits the text
 * and tags passages, then reloads: the browser cannot fetch the page while offline (there is no
 * service worker), so the reload fails. When she is back online the page is served again, finds
 * the work this browser kept in IndexedDB, and merges it once it has the server's state. Every
 * annotation she made arrives on Ben's screen, and the text edit once.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { annotationIds, selectText, setName, tagClaim, waitForState } from '../e2e/browser'
import { openTwoReaders, type TwoReaders } from '../e2e/two-readers'
import type { TestServer } from '../support/server'
import { report, size, timeout } from './runs'

const docId = 'kiep-north-korea-foreign-relations-2024'
const annotationCount = size(6, 30)
const offlineEdit = ' [added offline]'

/** Sentences of the brief that occur once, to tag one by one. */
function uniqueSentences(text: string, count: number): string[] {
  const sentences = text
    .split('\n')
    .flatMap((block) => block.match(/[A-Z][^.\n]{30,100}\./g) ?? [])
    .filter((sentence) => text.split(sentence).length === 2)
  const chosen = [...new Set(sentences)].slice(0, count + 1)
  if (chosen.length < count + 1) throw new Error(`only ${chosen.length} unique sentences`)
  return chosen
}

describe('offline work in Chromium, across a reload', () => {
  let readers: TwoReaders
  let server: TestServer
  let adaContext: BrowserContext
  let ada: Page
  let ben: Page

  const documentUrl = () => `${server.url}/d/${docId}?token=${server.token}`

  beforeAll(async () => {
    readers = await openTwoReaders()
    ;({ server, adaContext, ada, ben } = readers)
    for (const [page, name] of [
      [ada, 'Ada Analyst'],
      [ben, 'Ben Checker'],
    ] as const) {
      await page.goto(documentUrl())
      await setName(page, name)
      await waitForState(page, 'saved')
    }
  }, 120_000)

  afterAll(() => readers?.close())

  it(
    'merges what was made offline and kept through a failed reload, losing nothing',
    async () => {
      const response = await server.api(`/api/documents/${docId}`)
      const { text } = (await response.json()) as { text: string }
      const [edited, ...passages] = uniqueSentences(text, annotationCount)
      const before = new Set(await annotationIds(ben))

      await adaContext.setOffline(true)
      await waitForState(ada, 'offline')
      await selectText(ada, edited!)
      await ada.keyboard.press('Escape')
      await ada.keyboard.press('ArrowRight')
      await ada.keyboard.type(offlineEdit)
      await ada.locator('.ProseMirror', { hasText: `${edited}${offlineEdit}` }).waitFor()
      for (const passage of passages) await tagClaim(ada, passage)
      const made = (await annotationIds(ada)).filter((id) => !before.has(id))
      expect(made).toHaveLength(annotationCount)

      // Offline, the page itself cannot be fetched: the reload ends on the browser's error page.
      const reload = await ada.reload().then(
        () => 'loaded',
        (error: Error) => error.message,
      )
      expect(reload).toMatch(/ERR_INTERNET_DISCONNECTED/)
      expect(await annotationIds(ben)).toEqual([...before])

      await adaContext.setOffline(false)
      await ada.goto(documentUrl())
      await waitForState(ada, 'saved')
      const bens = ben.locator('.sidebar .card')
      await bens.nth(before.size + annotationCount - 1).waitFor()
      await ben.locator('.ProseMirror', { hasText: `${edited}${offlineEdit}` }).waitFor()
      const arrived = new Set(await annotationIds(ben))
      const lost = made.filter((id) => !arrived.has(id))
      const benText = (await ben.locator('.ProseMirror').textContent()) ?? ''
      report('offline-merge', {
        made: made.length,
        arrived: made.length - lost.length,
        lost: lost.length,
        textEditCopies: benText.split(offlineEdit).length - 1,
      })
      expect(lost).toEqual([])
      expect(benText.split(offlineEdit)).toHaveLength(2)
      expect(await annotationIds(ada)).toEqual(await annotationIds(ben))
    },
    timeout(90_000, 240_000),
  )

  it('raised no page errors', () => {
    expect(readers.pageErrors).toEqual([])
  })
})
