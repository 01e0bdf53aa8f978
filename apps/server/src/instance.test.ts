import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishInstance, readInstance, withdrawInstance } from './instance'
import { Storage } from './storage'
import { sqliteStores } from './stores'
import { Tokens } from './tokens'

describe('the instance file', () => {
  const tokensOver = () => new Tokens(sqliteStores(new Storage(':memory:')).tokens)

  it('is written into a data folder that does not exist yet (the database being elsewhere)', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'warrant-instance-')), 'not', 'yet')
    const tokens = tokensOver()
    const instance = await publishInstance(dataDir, tokens, 'http://127.0.0.1:8787')
    expect(readInstance(dataDir)).toEqual(instance)
    expect(await tokens.verify(instance.token)).not.toBeNull()
    await withdrawInstance(dataDir, tokens, instance)
    expect(readInstance(dataDir)).toBeNull()
    expect(await tokens.verify(instance.token)).toBeNull()
  })
})
