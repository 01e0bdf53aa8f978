/**
 * The XSS corpus in the fields of a document that reach every reader's browser, in real
 * Chromium: the document's own text and bibliographic record (from a Markdown file on disk),
 * attributes of every kind (a source's CSL item and web addresses among them), a relation's
 * note and a codebook's kind and field labels (through the API). Nothing runs, nothing is
 * injected, the words are shown as text, and the app trips its strict Content Security Policy
 * not once, which still refuses an inline script, handler or style put into the page by hand.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, launchBrowser, selectText } from './browser'
import { corpus, handlerAttributes, injected, openReader } from './injection'

/** The corpus one payload a line, for the fields that take one each. */
const payloads = corpus.split('\n')

/** Passages of the hostile brief the API annotates, one per kind. */
const passages = {
  claim: 'Sanctions have bitten hard this year.',
  evidence: 'Exports to the north fell by half.',
  statistic: 'Imports fell by 31.2 percent in 2018.',
  prediction: 'A summit is expected next spring.',
  actor: 'The leader received the delegation.',
  hypothesis: 'Trade may recover with new partners.',
}

/** A brief whose record and text are the corpus: a heading, a paragraph per payload, links. */
function hostileMarkdown(): string {
  const yaml = (value: string) => JSON.stringify(value)
  return [
    '---',
    'type: report',
    `title: ${yaml(`${payloads[0]} Hostile brief`)}`,
    `genre: ${yaml(payloads[4]!)}`,
    'author:',
    `  - ${yaml(`${payloads[1]}, ${payloads[5]}`)}`,
    `  - ${yaml(payloads[6]!)}`,
    `publisher: ${yaml(payloads[2]!)}`,
    `URL: ${yaml('javascript:window.__xss=1')}`,
    'issued: 2024',
    '---',
    '',
    `# Heading ${payloads[8]}`,
    '',
    ...payloads.flatMap((payload, i) => [`Paragraph ${i}: ${payload}`, '']),
    '[a markdown link](javascript:window.__xss=1) and ![an image](javascript:window.__xss=1)',
    '',
    ...Object.values(passages).flatMap((passage) => [passage, '']),
  ].join('\n')
}

/** The text an element shows: its text and the values of its form controls. */
function shown(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((element) => {
    const values = [...element.querySelectorAll('input, textarea, select')].map(
      (control) => (control as HTMLInputElement).value,
    )
    return [element.textContent ?? '', ...values].join('\n')
  })
}

describe('the corpus in the text, record, attributes, relations and codebook, in Chromium', () => {
  let server: TestServer
  let webDist: string
  let documentsDir: string
  let browser: Browser
  let ben: Page
  const dialogs: string[] = []
  const pageErrors: string[] = []
  const label = `${payloads[3]} kind`
  const ids = new Map<string, string>()

  const annotate = async (kind: string, attributes: object, note = '') => {
    const response = await server.api('/api/documents/hostile/annotations', {
      method: 'POST',
      body: JSON.stringify({
        kind,
        quote: { exact: passages[kind as keyof typeof passages] },
        attributes,
        note,
      }),
    })
    expect(response.status, await response.clone().text()).toBe(201)
    ids.set(kind, ((await response.json()) as { id: string }).id)
  }

  beforeAll(async () => {
    webDist = await buildWeb()
    documentsDir = await mkdtemp(join(tmpdir(), 'warrant-xss-documents-'))
    await writeFile(join(documentsDir, 'hostile.md'), hostileMarkdown())
    server = await startServer({
      env: { WARRANT_WEB_DIST: webDist, WARRANT_DOCUMENTS: documentsDir },
    })
    const book = (await (await server.api('/api/documents/hostile/codebook')).json()) as {
      kinds: object[]
    }
    const custom = {
      key: 'hypothesis',
      label,
      description: payloads[7],
      colour: '#eeeeee',
      shortcut: '',
      fields: [
        { key: 'summary', label: payloads[8], type: 'text' },
        { key: 'link', label: payloads[9], type: 'url' },
      ],
    }
    const put = await server.api('/api/documents/hostile/codebook', {
      method: 'PUT',
      body: JSON.stringify({ kinds: [...book.kinds, custom] }),
    })
    expect(put.status, await put.clone().text()).toBe(200)
    const address = `https://example.org/?q=${encodeURIComponent(payloads[0]!)}`
    await annotate('claim', { status: 'disputed' }, payloads[9])
    await annotate('evidence', {
      source: {
        type: 'article-journal',
        title: payloads[0],
        author: [{ literal: payloads[1] }, { family: payloads[2], given: payloads[3] }],
        'container-title': payloads[4],
        URL: `javascript:${payloads[0]}`,
      },
    })
    await annotate('statistic', {
      value: 31.2,
      unit: payloads[4],
      period: payloads[8],
      place: payloads[9],
    })
    await annotate('prediction', { due: '2025-04-01', outcome: 'pending', resolution: payloads[2] })
    await annotate('actor', { name: payloads[6] })
    await annotate('hypothesis', { summary: payloads[3], link: address })
    const relation = await server.api('/api/documents/hostile/relations', {
      method: 'POST',
      body: JSON.stringify({
        type: 'supports',
        from: ids.get('evidence'),
        to: ids.get('claim'),
        note: payloads[5],
      }),
    })
    expect(relation.status, await relation.clone().text()).toBe(201)

    browser = await launchBrowser()
    ben = await openReader(browser, dialogs, pageErrors)
    await ben.goto(`${server.url}/d/hostile?token=${server.token}`)
    await ben.locator('.sidebar-heading', { hasText: 'Annotations (6)' }).waitFor()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (webDist) await rm(webDist, { recursive: true, force: true })
    if (documentsDir) await rm(documentsDir, { recursive: true, force: true })
  })

  const cardOf = (kind: string) => `.sidebar .card[data-annotation-id="${ids.get(kind)}"]`

  it('shows a record made of markup as text, and links no javascript: address', async () => {
    expect(await ben.locator('.bibliography-title').textContent()).toBe(
      `${payloads[0]} Hostile brief`,
    )
    expect(await ben.locator('.bibliography-genre').textContent()).toBe(payloads[4])
    expect(await ben.locator('.bibliography-publisher').textContent()).toBe(payloads[2])
    const byline = await ben.locator('.bibliography-author').textContent()
    expect(byline).toContain(payloads[1])
    expect(byline).toContain(payloads[6])
    expect(await ben.locator('.bibliography *:not(span, p, h1)').count()).toBe(0)
  })

  it('shows the document text made of markup as text, with no element or link from it', async () => {
    const text = (await ben.locator('.ProseMirror').textContent()) ?? ''
    const missing = payloads.filter((payload, i) => !text.includes(`Paragraph ${i}: ${payload}`))
    expect(missing).toEqual([])
    expect(text).toContain(`Heading ${payloads[8]}`)
    const embedded = ben.locator(
      '.ProseMirror :is(script, img, svg, iframe, details, math, style, div)',
    )
    expect(await embedded.count()).toBe(0)
    expect(await ben.locator('[href^="javascript:" i], [src^="javascript:" i]').count()).toBe(0)
  })

  it('shows attributes of every kind, a source item and web addresses as text', async () => {
    expect(await shown(ben, cardOf('statistic'))).toContain(payloads[4])
    expect(await shown(ben, cardOf('prediction'))).toContain(payloads[2])
    expect(await shown(ben, cardOf('actor'))).toContain(payloads[6])
    expect(await shown(ben, cardOf('hypothesis'))).toContain(payloads[3])
    expect(await shown(ben, cardOf('claim'))).toContain(payloads[9])
    expect(await ben.locator('.sidebar [href^="javascript:" i]').count()).toBe(0)
    const links = await ben
      .locator('.sidebar a[href]')
      .evaluateAll((anchors) =>
        anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).protocol),
      )
    expect(links.filter((protocol) => protocol !== 'https:' && protocol !== 'http:')).toEqual([])
  })

  it("shows a codebook's kind and field labels made of markup as text", async () => {
    expect(await ben.locator(`${cardOf('hypothesis')} .card-kind`).textContent()).toBe(label)
    const card = await shown(ben, cardOf('hypothesis'))
    expect(card).toContain(payloads[8])
    await selectText(ben, passages.claim)
    const toolbar = ben.getByRole('toolbar', { name: 'Tag passage' })
    await toolbar.waitFor()
    expect(await toolbar.textContent()).toContain(label)
    await ben.keyboard.press('Escape')
  })

  it('lists the document under its title, as text', async () => {
    const list = await openReader(browser, dialogs, pageErrors)
    await list.goto(`${server.url}/?token=${server.token}`)
    const link = list.locator('.document-list a', { hasText: 'Hostile brief' })
    await link.waitFor()
    expect(await link.textContent()).toBe(`${payloads[0]} Hostile brief`)
    expect(await injected(list)).toEqual({ xss: undefined, injected: [], violations: [] })
  })

  it('ran nothing, injected nothing and violated the policy nowhere', async () => {
    for (const kind of ids.keys()) await ben.locator(cardOf(kind)).hover()
    await ben.locator('.bibliography').hover()
    expect(await injected(ben)).toEqual({ xss: undefined, injected: [], violations: [] })
    expect(await handlerAttributes(ben)).toEqual([])
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('still refuses an inline script, handler or style put into the page by hand', async () => {
    const page = await openReader(browser, [], [])
    await page.goto(`${server.url}/?token=${server.token}`)
    await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__xss = "inline script"'
      document.body.append(script)
      const button = document.createElement('button')
      button.setAttribute('onclick', 'window.__xss = "handler"')
      document.body.append(button)
      button.click()
      const styled = document.createElement('p')
      styled.id = 'styled'
      styled.setAttribute('style', 'color: rgb(255, 0, 0)')
      document.body.append(styled)
      const sheet = document.createElement('style')
      sheet.textContent = '#styled { background-color: rgb(0, 255, 0) }'
      document.head.append(sheet)
    })
    const directives = () =>
      page.evaluate(() =>
        ((window as { __violations?: string[] }).__violations ?? []).map((v) => v.split(' ')[0]),
      )
    await page.waitForFunction(
      () => ((window as { __violations?: string[] }).__violations ?? []).length >= 4,
    )
    expect(new Set(await directives())).toEqual(
      new Set(['script-src-elem', 'script-src-attr', 'style-src-attr', 'style-src-elem']),
    )
    const colours = await page.evaluate(() => {
      const styled = getComputedStyle(document.getElementById('styled')!)
      return [styled.color, styled.backgroundColor]
    })
    expect(colours).not.toContain('rgb(255, 0, 0)')
    expect(colours).not.toContain('rgb(0, 255, 0)')
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
  })
})
