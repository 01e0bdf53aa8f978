/**
 * Creating documents on the real server process: the brief uploaded as a PDF and as a web page
 * becomes the same text as the seeded Markdown brief, the PDF's paragraphs keep their pages, a
 * scan, an encrypted PDF and an oversized file are refused with nothing created, the record is
 * corrected afterwards, and an import that runs out of time is stopped while the server goes on
 * answering. Timings and memory are printed, not asserted.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
const fixtures = new URL('../../packages/document/fixtures/', import.meta.url)
const fixture = (name: string) => readFile(new URL(name, fixtures))
let server: TestServer

beforeAll(async () => {
  server = await startServer({ env: { WARRANT_MAX_DOCUMENT_BYTES: String(256 * 1024) } })
})

afterAll(async () => {
  await server?.stop()
})

interface DocumentBody {
  id: string
  title: string
  text: string
  record: Record<string, unknown>
}

/** Uploads a file as a form, as the browser does. */
function upload(target: TestServer, name: string, bytes: Uint8Array, type: string, title?: string) {
  const body = new FormData()
  body.append('file', new File([bytes.slice()], name, { type }))
  if (title !== undefined) body.append('title', title)
  return target.api('/api/documents', { method: 'POST', body })
}

async function documentIds(target: TestServer): Promise<string[]> {
  const response = await target.api('/api/documents')
  return ((await response.json()) as { documents: Array<{ id: string }> }).documents.map(
    (d) => d.id,
  )
}

/** The resident memory of the server process, in MB (its import workers included). */
async function rssMb(target: TestServer): Promise<number> {
  const status = await readFile(`/proc/${target.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

describe('POST /api/documents on the real server', () => {
  it('makes the brief PDF into the Markdown brief text, each paragraph on its page', async () => {
    const seeded = (await (await server.api(`/api/documents/${docId}`)).json()) as DocumentBody
    const pdf = await fixture('brief.pdf')
    const started = performance.now()
    const response = await upload(server, 'brief.pdf', pdf, 'application/pdf')
    console.log(
      `brief.pdf (${pdf.byteLength} bytes) created in ${(performance.now() - started).toFixed(0)} ms`,
    )
    expect(response.status).toBe(201)
    const created = (await response.json()) as DocumentBody
    expect(response.headers.get('location')).toBe(`/api/documents/${created.id}`)
    expect(created.id).toBe('north-koreas-foreign-relations-in-the-second-half-of-2024-to')
    expect(created.text).toBe(seeded.text)
    expect(created.record).toMatchObject({ author: [{ family: 'Choi', given: 'Jangho' }] })

    const preview = await server.api('/api/documents/preview', {
      method: 'POST',
      body: pdf,
      headers: { 'content-type': 'application/pdf' },
    })
    const { blocks } = (await preview.json()) as { blocks: Array<{ page: number | null }> }
    expect(blocks.every((block) => Number.isInteger(block.page) && block.page! >= 1)).toBe(true)
    expect(new Set(blocks.map((block) => block.page)).size).toBeGreaterThan(1)
  })

  it('makes the brief web page, sent as a bare body, into the same text with nothing of the site', async () => {
    const seeded = (await (await server.api(`/api/documents/${docId}`)).json()) as DocumentBody
    const response = await server.api('/api/documents?title=Brief%20from%20the%20web', {
      method: 'POST',
      body: await fixture('brief.html'),
      headers: { 'content-type': 'text/html' },
    })
    expect(response.status).toBe(201)
    const created = (await response.json()) as DocumentBody
    expect(created).toMatchObject({ id: 'brief-from-the-web', title: 'Brief from the web' })
    expect(created.text).toBe(seeded.text)
  })

  it('refuses a scan, an encrypted PDF, an unsupported type and an oversized file, creating nothing', async () => {
    const before = await documentIds(server)
    const scan = await upload(server, 'scan.pdf', await fixture('scan.pdf'), 'application/pdf')
    expect(scan.status).toBe(422)
    const scanBody = (await scan.json()) as { code: string; error: string }
    expect(scanBody.code).toBe('no-text')
    expect(scanBody.error).toMatch(/no text layer/)
    expect(scanBody.error).toMatch(/OCR is not supported/)
    const encrypted = await upload(
      server,
      'e.pdf',
      await fixture('encrypted.pdf'),
      'application/pdf',
    )
    expect({ status: encrypted.status, body: await encrypted.json() }).toMatchObject({
      status: 422,
      body: { code: 'encrypted' },
    })
    const word = await upload(server, 'brief.docx', new Uint8Array([80, 75]), 'application/msword')
    expect(word.status).toBe(415)
    const big = await upload(server, 'big.txt', new Uint8Array(300 * 1024).fill(97), 'text/plain')
    expect({ status: big.status, body: await big.json() }).toMatchObject({
      status: 413,
      body: { code: 'too-large' },
    })
    expect(await documentIds(server)).toEqual(before)
  })

  it('corrects the record of a created document; the list shows the new title', async () => {
    const created = (await (
      await upload(server, 'memo.txt', new TextEncoder().encode('Memo\n\nBody.'), 'text/plain')
    ).json()) as DocumentBody
    const record = { type: 'report', title: 'Memo, corrected', author: [{ literal: 'KIEP' }] }
    const response = await server.api(`/api/documents/${created.id}/record`, {
      method: 'PUT',
      body: JSON.stringify(record),
    })
    expect(response.status).toBe(200)
    const listed = (await (await server.api('/api/documents')).json()) as {
      documents: Array<{ id: string; title: string }>
    }
    expect(listed.documents.find((d) => d.id === created.id)?.title).toBe('Memo, corrected')
  })

  it('answers other requests while imports run', async () => {
    const pdf = await fixture('brief.pdf')
    const imports = [1, 2, 3].map(() =>
      server.api('/api/documents/preview', {
        method: 'POST',
        body: pdf,
        headers: { 'content-type': 'application/pdf' },
      }),
    )
    const started = performance.now()
    const health = await fetch(`${server.url}/api/health`)
    const latency = performance.now() - started
    expect(health.status).toBe(200)
    const statuses = (await Promise.all(imports)).map((response) => response.status)
    console.log(
      `/api/health answered in ${latency.toFixed(0)} ms during 3 PDF imports (all ${(performance.now() - started).toFixed(0)} ms)`,
    )
    expect(statuses).toEqual([200, 200, 200])
  })

  it('keeps its memory bounded over repeated PDF imports', async () => {
    const pdf = await fixture('brief.pdf')
    const before = await rssMb(server)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      const response = await server.api('/api/documents/preview', {
        method: 'POST',
        body: pdf,
        headers: { 'content-type': 'application/pdf' },
      })
      expect(response.status).toBe(200)
      times.push(performance.now() - started)
    }
    const after = await rssMb(server)
    console.log(
      `5 PDF previews: ${times.map((t) => t.toFixed(0)).join(', ')} ms; RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MB`,
    )
    expect(after - before).toBeLessThan(200)
  })
})

describe('an import that runs out of time', () => {
  let hasty: TestServer

  beforeAll(async () => {
    hasty = await startServer({ env: { WARRANT_IMPORT_TIMEOUT_MS: '1' } })
  })

  afterAll(async () => {
    await hasty?.stop()
  })

  it('is stopped with 422 timeout, creates nothing, and the server goes on answering', async () => {
    const before = await documentIds(hasty)
    for (const [name, type] of [
      ['brief.pdf', 'application/pdf'],
      ['brief.html', 'text/html'],
    ] as const) {
      const started = performance.now()
      const response = await upload(hasty, name, await fixture(name), type)
      console.log(`${name} stopped after ${(performance.now() - started).toFixed(0)} ms`)
      expect(response.status).toBe(422)
      expect(await response.json()).toEqual({
        code: 'timeout',
        error: 'the import took longer than 1 ms and was stopped',
      })
    }
    const health = await fetch(`${hasty.url}/api/health`)
    expect(health.status).toBe(200)
    expect(await documentIds(hasty)).toEqual(before)
    const view = await hasty.api(`/api/documents/${docId}`)
    expect(view.status).toBe(200)
  })
})
