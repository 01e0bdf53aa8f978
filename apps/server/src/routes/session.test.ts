import { describe, expect, it } from 'vitest'
import { json, setup } from '../app.testkit'

interface Opened {
  token: string
  name: string
  role: string
  document: string | null
  session: boolean
}

describe('sessions and names', () => {
  it("trades a link for the reader's own session with the link's role", async () => {
    const { post, request, token } = await setup()
    const response = await post('/api/session', { name: 'Ada Analyst' }, token.annotator)
    expect(response.status).toBe(201)
    const opened = await json<Opened>(response)
    expect(opened).toMatchObject({ name: 'Ada Analyst', role: 'annotator', session: true })
    expect(opened.token).not.toBe(token.annotator)
    const me = await json<Opened>(await request('/api/me', {}, opened.token))
    expect(me).toMatchObject({ name: 'Ada Analyst', role: 'annotator', session: true })
  })

  it('keeps the name with the session, so two readers of one link are told apart', async () => {
    const { post, put, request, token } = await setup()
    const ada = (await json<Opened>(await post('/api/session', {}, token.editor))).token
    const bo = (await json<Opened>(await post('/api/session', {}, token.editor))).token
    expect((await put('/api/me', { name: 'Ada' }, ada)).status).toBe(200)
    expect((await put('/api/me', { name: 'Bo' }, bo)).status).toBe(200)
    expect((await json<Opened>(await request('/api/me', {}, ada))).name).toBe('Ada')
    expect((await json<Opened>(await request('/api/me', {}, bo))).name).toBe('Bo')
    expect((await json<Opened>(await request('/api/me', {}, token.editor))).name).toBe('Eda')
  })

  it('ends the sessions of a revoked link', async () => {
    const { post, del, request } = await setup()
    const created = await json<{ token: string; share: { id: string } }>(
      await post('/api/documents/brief/shares', { role: 'viewer', label: 'Team' }),
    )
    const session = (await json<Opened>(await post('/api/session', {}, created.token))).token
    expect((await request('/api/me', {}, session)).status).toBe(200)
    expect((await del(`/api/documents/brief/shares/${created.share.id}`)).status).toBe(204)
    expect((await request('/api/me', {}, session)).status).toBe(401)
  })

  it('refuses a blank or overlong name and a session without a token', async () => {
    const { post, put, token } = await setup()
    expect((await put('/api/me', { name: '  ' }, token.viewer)).status).toBe(422)
    expect((await put('/api/me', { name: 'x'.repeat(81) }, token.viewer)).status).toBe(422)
    expect((await post('/api/session', { name: 'Eve' }, null)).status).toBe(401)
  })
})
