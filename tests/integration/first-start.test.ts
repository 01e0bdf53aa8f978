/**
 * The first start of a data folder prints the owner link, the only time it is shown (tokens are
 * stored as hashes). A start that cannot listen, because the port is taken, must not use that
 * moment up: the folder is seeded only once the server holds its port.
 */
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server'

describe('the first start of a data folder', () => {
  let server: TestServer | undefined
  afterAll(() => server?.stop())

  it('prints the owner link on the first start that listens, after one that could not', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const address = taken.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    const dataDir = await mkdtemp(join(tmpdir(), 'warrant-first-start-'))
    try {
      await expect(startServer({ dataDir, env: { PORT: String(address.port) } })).rejects.toThrow(
        /EADDRINUSE/,
      )
    } finally {
      taken.close()
    }
    server = await startServer({ dataDir })
    const response = await server.api('/api/documents')
    expect(response.status).toBe(200)
  })
})
