import { describe, expect, it } from 'vitest'
import { json, setup } from '../app.testkit'
import type { ServerState } from './server'

describe('GET /api/server', () => {
  it("answers the instance owner with the loaded rooms, open connections and the process's memory", async () => {
    const { request, rooms } = await setup()
    const idle = await json<ServerState>(await request('/api/server'))
    expect(idle).toEqual({
      rooms: 0,
      connections: 0,
      memory: {
        rss: expect.any(Number),
        heapTotal: expect.any(Number),
        heapUsed: expect.any(Number),
        external: expect.any(Number),
        arrayBuffers: expect.any(Number),
      },
      uptime: expect.any(Number),
    })
    expect(idle.memory.heapUsed).toBeGreaterThan(0)
    const lease = await rooms.hold('brief.content')
    expect((await json<ServerState>(await request('/api/server'))).rooms).toBe(1)
    lease.release()
    expect((await json<ServerState>(await request('/api/server'))).rooms).toBe(0)
  })

  it("answers the command line's token and a session opened with the owner link", async () => {
    const { request, post, tokens } = await setup()
    const commandLine = await tokens.create({
      role: 'owner',
      label: 'command line',
      document: null,
      commandLine: true,
    })
    expect((await request('/api/server', {}, commandLine)).status).toBe(200)
    const session = await json<{ token: string }>(await post('/api/session', { name: 'Me' }))
    expect((await request('/api/server', {}, session.token)).status).toBe(200)
  })

  it('refuses owners by share link, other roles and a missing token', async () => {
    const { request, post, token } = await setup()
    const everyDocument = await json<{ token: string }>(
      await post('/api/shares', { role: 'owner', label: 'Co-owner' }),
    )
    const oneDocument = await json<{ token: string }>(
      await post('/api/documents/brief/shares', { role: 'owner', label: 'Brief owner' }),
    )
    for (const as of [everyDocument.token, oneDocument.token, token.editor, token.viewer]) {
      const response = await request('/api/server', {}, as)
      expect(response.status).toBe(403)
      expect(await json(response)).toMatchObject({ code: 'forbidden' })
    }
    expect((await request('/api/server', {}, null)).status).toBe(401)
  })

  it('knows the instance owner of a data folder seeded before it was recorded', async () => {
    const { request, post, storage } = await setup()
    const coOwner = await json<{ token: string }>(
      await post('/api/shares', { role: 'owner', label: 'owner' }),
    )
    storage.db.prepare("DELETE FROM meta WHERE key = 'instance-owner'").run()
    expect((await request('/api/server')).status).toBe(200)
    expect((await request('/api/server', {}, coOwner.token)).status).toBe(403)
  })

  it('passes to no other owner link when the first one is revoked', async () => {
    const { request, post, del, tokens, owner } = await setup()
    const commandLine = await tokens.create({
      role: 'owner',
      label: 'command line',
      document: null,
      commandLine: true,
    })
    const share = (await tokens.verify(owner))!.share
    expect((await del(`/api/shares/${share}`, commandLine)).status).toBe(204)
    const next = await json<{ token: string }>(
      await post('/api/shares', { role: 'owner', label: 'owner' }, commandLine),
    )
    expect((await request('/api/server', {}, next.token)).status).toBe(403)
    expect((await request('/api/server', {}, commandLine)).status).toBe(200)
  })
})
