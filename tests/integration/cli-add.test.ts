import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runWarrant } from '../support/cli'
import { startServer, type TestServer } from '../support/server'
import { tinyPdf } from '../support/tiny-pdf'

const repoRoot = resolve(import.meta.dirname, '../..')
const fixtures = join(repoRoot, 'packages/document/fixtures')
const work = mkdtempSync(join(tmpdir(), 'warrant-cli-add-'))
const running: TestServer[] = []

copyFileSync(join(fixtures, 'brief.pdf'), join(work, 'brief.pdf'))
copyFileSync(join(fixtures, 'brief.html'), join(work, 'brief.html'))
writeFileSync(join(work, 'notes.txt'), 'Field notes\n\nThe border stayed\nclosed in 2023.\n')
writeFileSync(join(work, 'scan.pdf'), tinyPdf(null))
writeFileSync(join(work, 'brief.docx'), 'PK')

afterAll(async () => {
  for (const server of running) await server.stop()
})

/** Runs `pnpm warrant <args>` on a data folder, from the test's work folder. */
function warrant(dataDir: string, ...args: string[]) {
  return runWarrant(dataDir, work, ...args)
}

async function view(server: TestServer, id: string) {
  const response = await server.api(`/api/documents/${id}`)
  return {
    status: response.status,
    body: (await response.json()) as { title: string; text: string },
  }
}

describe('pnpm warrant add', () => {
  it('adds a PDF through the running server and prints its id and link', async () => {
    const server = await startServer()
    running.push(server)
    const started = performance.now()
    const added = await warrant(
      server.dataDir,
      'add',
      'brief.pdf',
      '--title',
      'The brief, as a PDF',
    )
    console.log(`warrant add brief.pdf took ${(performance.now() - started).toFixed(0)} ms`)
    expect(added.code).toBe(0)
    const [id, link] = added.stdout.trim().split('\n')
    expect(id).toBe('the-brief-as-a-pdf')
    expect(link).toBe(`${server.url}/d/the-brief-as-a-pdf`)
    expect(added.stderr).toContain(
      `Added "The brief, as a PDF" (20 paragraphs) as the-brief-as-a-pdf (the server at ${server.url})`,
    )
    const seeded = await view(server, 'kiep-north-korea-foreign-relations-2024')
    const created = await view(server, id!)
    expect(created.body.title).toBe('The brief, as a PDF')
    expect(created.body.text).toBe(seeded.body.text)
    const audit = await server.api(`/api/audit?document=${id}`)
    expect(((await audit.json()) as { entries: unknown[] }).entries).toMatchObject([
      { action: 'document.create', channel: 'cli', detail: { source: 'pdf', file: 'brief.pdf' } },
    ])
  })

  it('adds files to the data folder while no server runs, and the server then serves them', async () => {
    const server = await startServer()
    running.push(server)
    await server.stop()
    const text = await warrant(server.dataDir, 'add', 'notes.txt')
    expect(text.code).toBe(0)
    expect(text.stdout.trim().split('\n')[0]).toBe('field-notes')
    expect(text.stderr).toContain('the data folder')
    const page = await warrant(server.dataDir, 'add', 'brief.html')
    expect(page.stdout.trim().split('\n')[0]).toBe(
      'north-koreas-foreign-relations-in-the-second-half-of-2024-to',
    )

    const again = await startServer({ dataDir: server.dataDir })
    running.push(again)
    const notes = await view(again, 'field-notes')
    expect(notes).toMatchObject({
      status: 200,
      body: { title: 'Field notes', text: 'Field notes\nThe border stayed closed in 2023.' },
    })
    const seeded = await view(again, 'kiep-north-korea-foreign-relations-2024')
    const web = await view(again, 'north-koreas-foreign-relations-in-the-second-half-of-2024-to')
    expect(web.body.text).toBe(seeded.body.text)
  })

  it('says why a file cannot be added, with a failing exit code, and adds nothing', async () => {
    const server = await startServer()
    running.push(server)
    const listed = async () =>
      ((await (await server.api('/api/documents')).json()) as { documents: unknown[] }).documents
    const before = await listed()
    const [scan, word, missing, unnamed] = await Promise.all([
      warrant(server.dataDir, 'add', 'scan.pdf'),
      warrant(server.dataDir, 'add', 'brief.docx'),
      warrant(server.dataDir, 'add', 'nowhere.md'),
      warrant(server.dataDir, 'add'),
    ])
    for (const failed of [scan, word, missing, unnamed]) expect(failed.code).toBe(1)
    expect(scan.stderr).toMatch(
      /Could not add scan\.pdf: the PDF has no text layer.*OCR is not supported/,
    )
    expect(word.stderr).toMatch(/Could not add brief\.docx: Warrant imports Markdown/)
    expect(missing.stderr).toMatch(/No file .*nowhere\.md/)
    expect(unnamed.stderr).toMatch(/Name the file to add/)
    expect(await listed()).toEqual(before)

    await server.stop()
    const offline = await warrant(server.dataDir, 'add', 'scan.pdf')
    expect(offline.code).toBe(1)
    expect(offline.stderr).toMatch(/Could not add scan\.pdf: the PDF has no text layer/)
  })
})
