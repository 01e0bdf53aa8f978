import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callsBetween, parseCommandStats, type RedisServer, startRedisServer } from './redis-server'

const info = [
  '# Commandstats',
  'cmdstat_publish:calls=12,usec=40,usec_per_call=3.33,rejected_calls=0,failed_calls=0',
  'cmdstat_info:calls=3,usec=90,usec_per_call=30.00,rejected_calls=0,failed_calls=0',
  'cmdstat_client|setname:calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0',
  '',
].join('\r\n')

describe('counting Redis commands', () => {
  it('reads every command’s calls from INFO commandstats', () => {
    expect(parseCommandStats(info)).toEqual(
      new Map([
        ['publish', 12],
        ['info', 3],
        ['client|setname', 2],
      ]),
    )
  })

  it('leaves out the INFO call that made the first read', () => {
    const before = new Map([
      ['publish', 2],
      ['info', 1],
    ])
    const after = new Map([
      ['publish', 7],
      ['info', 2],
      ['subscribe', 1],
    ])
    expect(callsBetween(before, after)).toEqual(
      new Map([
        ['publish', 5],
        ['subscribe', 1],
      ]),
    )
  })
})

describe('a redis-server of the benchmark’s own', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedisServer()
  })
  afterAll(() => redis?.stop())

  it('counts no command between two reads when nothing else talks to it', async () => {
    const before = await redis.commandCalls()
    const after = await redis.commandCalls()
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`)
    expect(callsBetween(before, after)).toEqual(new Map())
  })
})
