import { afterEach, describe, expect, it, vi } from 'vitest'
import { serviceAvailable, withoutPassword } from './service.testkit'

const refused = {
  name: 'PostgreSQL',
  address: 'postgres://127.0.0.1:5999/test',
  tests: 'the store tests',
  hint: 'start it',
  probe: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:5999')
  },
}

describe('serviceAvailable', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('says in one line which tests it skips and why, when services are not required', async () => {
    vi.stubEnv('CI', '')
    vi.stubEnv('WARRANT_REQUIRE_SERVICES', '')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(await serviceAvailable(refused)).toBe(false)
    expect(warn.mock.calls).toEqual([
      [
        '[services] skipped the store tests: PostgreSQL at postgres://127.0.0.1:5999/test is ' +
          'unreachable (connect ECONNREFUSED 127.0.0.1:5999); start it',
      ],
    ])
  })

  it('fails under CI or WARRANT_REQUIRE_SERVICES rather than skipping', async () => {
    for (const variable of ['CI', 'WARRANT_REQUIRE_SERVICES']) {
      vi.stubEnv('CI', '')
      vi.stubEnv('WARRANT_REQUIRE_SERVICES', '')
      vi.stubEnv(variable, '1')
      await expect(serviceAvailable(refused)).rejects.toThrow(/unreachable.*cannot run/)
    }
  })

  it('counts a service that does not answer in time as unreachable', async () => {
    vi.stubEnv('WARRANT_REQUIRE_SERVICES', '1')
    const silent = { ...refused, timeoutMs: 50, probe: () => new Promise<void>(() => undefined) }
    await expect(serviceAvailable(silent)).rejects.toThrow(/no answer within 50 ms/)
  })

  it('answers true for a service that answers', async () => {
    expect(await serviceAvailable({ ...refused, probe: async () => undefined })).toBe(true)
  })

  it('shows a URL without its password', () => {
    expect(withoutPassword('postgres://warrant:secret@db:5432/w')).toBe(
      'postgres://warrant:***@db:5432/w',
    )
  })
})
