/**
 * Presence and saved state in real Chromium, with two readers in two browser contexts: the name
 * question of a first visit (asked once), the list of who is here, "saved" only once the server
 * has acknowledged storing a change, and work done offline kept in the browser and merged on the
 * other reader's screen when the connection returns, also after the offline tab was closed.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/server'
import { annotationIds, highlight, setName, statusOf, tagClaim, waitForState } from './browser'
import { openTwoReaders, type TwoReaders } from './two-readers'

const docId = 'kiep-north-korea-foreign-relations-2024'
const online = 'exports fell by 86.3 percent year-on-year'
const offlineWork = [
  'North Korean imports fell by 31.2 percent',
  'The decline in North Korean trade is an effect of the UN sanctions.',
]
const closedTabWork = 'the Dalian summit held in 2018'

describe('presence, saved state and offline work, in Chromium', () => {
  let readers: TwoReaders
  let server: TestServer
  let adaContext: BrowserContext
  let ada: Page
  let ben: Page

  const documentUrl = () => `${server.url}/d/${docId}?token=${server.token}`

  beforeAll(async () => {
    readers = await openTwoReaders()
    ;({ server, adaContext, ada, ben } = readers)
  }, 120_000)

  afterAll(() => readers?.close())

  it('asks a first-time reader for a name once, and not again after a reload', async () => {
    await ada.goto(documentUrl())
    const prompt = ada.getByRole('form', { name: 'Choose a display name' })
    await prompt.waitFor()
    await prompt.getByLabel('What name should your collaborators see?').fill('Ada Analyst')
    await prompt.getByRole('button', { name: 'Save name' }).click()
    await prompt.waitFor({ state: 'detached' })
    expect(await ada.getByLabel('Your name').inputValue()).toBe('Ada Analyst')

    await ada.reload()
    await ada.locator('.ProseMirror p').first().waitFor()
    expect(await prompt.count()).toBe(0)
    expect(await ada.getByLabel('Your name').inputValue()).toBe('Ada Analyst')
  })

  it('closes the name question when the name is set in the top bar instead', async () => {
    await ben.goto(documentUrl())
    const prompt = ben.getByRole('form', { name: 'Choose a display name' })
    await prompt.waitFor()
    await setName(ben, 'Ben Checker')
    await prompt.waitFor({ state: 'detached' })
  })

  it('lists both readers by name, with "(you)" and their role, in who is here', async () => {
    const here = ada.getByRole('list', { name: 'Who is here' })
    await here.locator('.presence-chip', { hasText: 'Ben Checker' }).waitFor()
    const self = here.locator('.presence-chip.is-self')
    expect(await self.locator('.presence-name').textContent()).toBe('Ada Analyst')
    expect(await self.locator('.presence-you').textContent()).toBe('(you)')
    expect(await self.locator('.presence-role').textContent()).toBe('owner')
    const chips = await here.locator('.presence-chip').allTextContents()
    expect(chips).toHaveLength(2)
    await ben
      .getByRole('list', { name: 'Who is here' })
      .locator('.presence-chip', { hasText: 'Ada Analyst' })
      .waitFor()
  })

  it('says "saved" after an annotation only once the server has acknowledged storing it', async () => {
    await waitForState(ada, 'saved')
    await tagClaim(ada, online)
    await waitForState(ada, 'saved')
    expect(await statusOf(ada).textContent()).toBe('Online · saved')
    expect(await statusOf(ada).getAttribute('data-pending')).toBe('0')
    // The server's copy has it: the acknowledgement meant it.
    const response = await server.api(`/api/documents/${docId}/annotations`)
    const body = (await response.json()) as { annotations: Array<{ quote: string }> }
    expect(body.annotations.map((a) => a.quote)).toContain(online)
    await highlight(ben, 'claim').waitFor()
  })

  it('keeps annotations made offline and merges them on the other reader when back online', async () => {
    const before = await annotationIds(ben)
    await adaContext.setOffline(true)
    await waitForState(ada, 'offline')
    // Offline, Ada can no longer say who else is here.
    const adaHere = ada.getByRole('list', { name: 'Who is here' })
    await adaHere
      .locator('.presence-chip', { hasText: 'Ben Checker' })
      .waitFor({ state: 'detached' })

    for (const passage of offlineWork) await tagClaim(ada, passage)
    expect(await statusOf(ada).getAttribute('data-state')).toBe('offline')
    expect(Number(await statusOf(ada).getAttribute('data-pending'))).toBeGreaterThanOrEqual(2)
    expect(await statusOf(ada).textContent()).toMatch(/^Offline · \d+ changes not saved$/)
    expect(await annotationIds(ben)).toEqual(before)

    await adaContext.setOffline(false)
    await waitForState(ada, 'saved')
    // Back online, the list of who is here comes back with the server's states.
    await adaHere.locator('.presence-chip', { hasText: 'Ben Checker' }).waitFor()
    const made = await annotationIds(ada)
    expect(made).toHaveLength(before.length + offlineWork.length)
    await ben
      .locator('.sidebar .card')
      .nth(made.length - 1)
      .waitFor()
    const arrived = new Set(await annotationIds(ben))
    const lost = made.filter((id) => !arrived.has(id))
    expect(lost).toHaveLength(0)
    for (const passage of offlineWork) {
      await ben.locator('.ProseMirror .anno[data-kind="claim"]', { hasText: passage }).waitFor()
    }
  })

  it('keeps offline work in the browser when the tab is closed, and sends it on the next visit', async () => {
    await adaContext.setOffline(true)
    await waitForState(ada, 'offline')
    const before = await annotationIds(ada)
    await tagClaim(ada, closedTabWork)
    const made = (await annotationIds(ada)).filter((id) => !before.includes(id))
    expect(made).toHaveLength(1)
    // Wait until y-indexeddb has written the change, then close the tab while still offline.
    await ada.waitForFunction(
      async ({ name, id }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name)
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
        const updates = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('updates').objectStore('updates').getAll()
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
        db.close()
        const text = updates.map((update) =>
          new TextDecoder().decode(update as Uint8Array).replace(/[^\x20-\x7e]/g, ''),
        )
        return text.some((line) => line.includes(id))
      },
      { name: `warrant:${docId}:annotations`, id: made[0]! },
    )
    await ada.close()
    expect(await annotationIds(ben)).not.toContain(made[0])

    await adaContext.setOffline(false)
    ada = await adaContext.newPage()
    readers.watch(ada)
    await ada.goto(`${server.url}/d/${docId}`)
    await waitForState(ada, 'saved')
    await ben.locator(`.sidebar .card[data-annotation-id="${made[0]}"]`).waitFor()
    await ben.locator('.ProseMirror .anno', { hasText: closedTabWork }).waitFor()
    // Merged once: the text is not duplicated by the kept copy.
    const text = (await ada.locator('.ProseMirror').textContent()) ?? ''
    expect(text.split(online)).toHaveLength(2)
  })

  it('raised no page errors', () => {
    expect(readers.pageErrors).toEqual([])
  })
})
