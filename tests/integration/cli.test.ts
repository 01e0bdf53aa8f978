import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runWarrant } from '../support/cli'
import { closeCodeOf } from '../support/clients'
import { startServer, type TestServer } from '../support/server'

const docId = 'kiep-north-korea-foreign-relations-2024'
const work = mkdtempSync(join(tmpdir(), 'warrant-cli-'))
const running: TestServer[] = []

afterAll(async () => {
  for (const server of running) await server.stop()
})

/** Runs `pnpm warrant <args>` on a data folder, from the test's work folder. */
function warrant(dataDir: string, ...args: string[]) {
  return runWarrant(dataDir, work, ...args)
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

  it('creates, lists and revokes share links through the running server, closing their sockets', async () => {
    const server = await startServer()
    running.push(server)
    const created = await warrant(
      server.dataDir,
      'share',
      '--document',
      docId,
      '--role',
      'viewer',
      '--label',
      'Bo',
    )
    expect(created.code).toBe(0)
    const link = new URL(created.stdout.trim())
    expect(`${link.origin}${link.pathname}`).toBe(`${server.url}/d/${docId}`)
    const token = link.searchParams.get('token')!
    const me = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(await me.json()).toMatchObject({ role: 'viewer', name: 'Bo', document: docId })
    const id = /Created share (\S+):/.exec(created.stderr)?.[1]
    expect(id).toBeDefined()

    const listed = await warrant(server.dataDir, 'shares', '--document', docId)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}  viewer  "Bo"  document ${docId}  never expires`, 'm'),
    )
    expect(listed.stdout).toMatch(/ owner {2}"owner" {2}every document/)
    expect(listed.stdout).not.toContain(token)
    expect(listed.stdout).not.toContain('command line')

    const open = await closeCodeOf(`${server.syncUrl}/${docId}.content?token=${token}`)
    const revoked = await warrant(server.dataDir, 'share', '--revoke', id!)
    expect(revoked).toMatchObject({ code: 0 })
    expect(revoked.stderr).toContain(`Revoked share ${id}`)
    expect(await open.closed).toBe(4401)
    const after = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(after.status).toBe(401)
    expect((await warrant(server.dataDir, 'shares')).stdout).not.toContain(id!)
  })

  it('shares on the data folder while no server runs, and the server honours the link', async () => {
    const server = await startServer()
    running.push(server)
    await server.stop()
    const created = await warrant(
      server.dataDir,
      'share',
      '--role',
      'editor',
      '--label',
      'Eda',
      '--expires',
      '2999-12-31',
    )
    expect(created.code).toBe(0)
    expect(created.stderr).toContain('the data folder')
    const link = new URL(created.stdout.trim())
    expect(link.pathname).toBe('/')
    const token = link.searchParams.get('token')!
    const listed = await warrant(server.dataDir, 'shares')
    expect(listed.stdout).toMatch(
      / {2}editor {2}"Eda" {2}every document {2}expires 2999-12-31T23:59:59\.999Z {2}created /,
    )

    const again = await startServer({ dataDir: server.dataDir })
    running.push(again)
    const me = await fetch(`${again.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(await me.json()).toMatchObject({ role: 'editor', name: 'Eda', document: null })
  })

  it('says what is wrong with a share request, with a failing exit code', async () => {
    const server = await startServer()
    running.push(server)
    const share = (...args: string[]) => warrant(server.dataDir, 'share', ...args)
    const [badRole, noLabel, past, unknownShare, unknownDocument] = await Promise.all([
      share('--role', 'admin', '--label', 'X'),
      share('--role', 'viewer'),
      share('--role', 'viewer', '--label', 'X', '--expires', '2020-01-01'),
      share('--revoke', 'no-such-share'),
      share('--document', 'nope', '--role', 'viewer', '--label', 'X'),
    ])
    for (const failed of [badRole, noLabel, past, unknownShare, unknownDocument]) {
      expect(failed.code).toBe(1)
    }
    expect(badRole.stderr).toMatch(/Unknown role "admin": choose one of viewer, annotator/)
    expect(noLabel.stderr).toMatch(/Give the link a label with --label/)
    expect(past.stderr).toMatch(/--expires: 2020-01-01 is in the past/)
    expect(unknownShare.stderr).toMatch(/no share "no-such-share"/i)
    expect(unknownDocument.stderr).toMatch(/no document "nope"/i)
  })
})
