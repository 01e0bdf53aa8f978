import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe } from 'vitest'
import { Storage } from './storage'
import { openStores } from './stores'
import { storesContract } from './stores.contract'

describe('the SQLite stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warrant-stores-'))
  const file = join(dir, 'warrant.sqlite')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  storesContract('sqlite', {
    // Each is its own connection to one database file, as two processes would be.
    open: () => openStores({ file }),
    refuseSnapshot: async (room) => {
      const storage = new Storage(file)
      const name = `refuse_${Math.random().toString(36).slice(2)}`
      storage.db.exec(
        `CREATE TRIGGER ${name} BEFORE INSERT ON snapshots WHEN NEW.room = '${room}' ` +
          `BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
      )
      storage.close()
    },
  })
})
