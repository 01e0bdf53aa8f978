/**
 * The command line against a real data folder: `pnpm warrant export` through the running server,
 * `pnpm warrant import` into the folder while no server runs, and the server finding the import
 * stored when it starts again.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
const repoRoot = resolve(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'warrant-cli-'))
const running: TestServer[] = []

afterAll(async () => {
  for (const server of running) await server.stop()
})

/** Runs `pnpm warrant <args>` the way pnpm does (from the root, the caller's folder in INIT_CWD). */
async function warrant(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/cli.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, WARRANT_DATA: dataDir, INIT_CWD: work } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function annotate(server: TestServer, exact: string) {
  const response = await fetch(`${server.url}/api/documents/${docId}/annotations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ kind: 'claim', quote: { exact }, attributes: { status: 'disputed' } }),
  })
  expect(response.status).toBe(201)
}

describe('pnpm warrant', () => {
  it('exports through the running server, imports into the folder, and the server sees it', async () => {
    const server = await startServer()
    running.push(server)
    await annotate(server, 'North Korean exports fell by 86.3 percent year-on-year')

    const exported = await warrant(
      server.dataDir,
      'export',
      docId,
      '--format',
      'claims',
      '--out',
      'a.json',
    )
    expect(exported.code).toBe(0)
    expect(exported.stderr).toContain(`from the server at ${server.url}`)
    const file = JSON.parse(readFileSync(join(work, 'a.json'), 'utf8')) as { records: unknown[] }
    expect(file.records).toHaveLength(1)

    await server.stop()
    expect(existsSync(join(server.dataDir, 'instance.json'))).toBe(false)
    const imported = await warrant(server.dataDir, 'import', docId, 'a.json')
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('Imported 1 annotations, 0 relations and 0 comments')
    expect(imported.stdout).toContain('the data folder')

    const report = await warrant(server.dataDir, 'export', docId, '--format', 'markdown')
    expect(
      report.stdout.match(/fell by 86\.3 percent year-on-year/g)?.length,
    ).toBeGreaterThanOrEqual(2)

    const again = await startServer({ dataDir: server.dataDir })
    running.push(again)
    const listed = await fetch(`${again.url}/api/documents/${docId}/annotations`, {
      headers: { authorization: `Bearer ${again.token}` },
    })
    expect(((await listed.json()) as { annotations: unknown[] }).annotations).toHaveLength(2)
  })

  it('says what is wrong, with a failing exit code', async () => {
    const server = await startServer()
    running.push(server)
    const unknownFormat = await warrant(server.dataDir, 'export', docId, '--format', 'docx')
    expect(unknownFormat.code).toBe(1)
    expect(unknownFormat.stderr).toMatch(/unknown export format 'docx'/)
    const unknownDocument = await warrant(server.dataDir, 'export', 'nope', '--format', 'csv')
    expect(unknownDocument.stderr).toMatch(/no document "nope"/i)
    const noFolder = await warrant(join(work, 'empty'), 'export', docId, '--format', 'csv')
    expect(noFolder.stderr).toMatch(/No Warrant data in/)
  })
})
