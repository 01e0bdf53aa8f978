import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe } from 'vitest'
import { roomStoreContract } from './room-store.contract'
import { SqliteRoomStore } from './sqlite-room-store'
import { Storage } from './storage'

describe('SqliteRoomStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warrant-room-store-'))
  const file = join(dir, 'warrant.sqlite')
  const storages: Storage[] = []
  const storage = () => {
    const opened = new Storage(file)
    storages.push(opened)
    return opened
  }
  afterAll(() => {
    for (const opened of storages) opened.close()
    rmSync(dir, { recursive: true, force: true })
  })

  roomStoreContract('sqlite', {
    // Each store is its own connection to one database file, as two processes would be.
    open: async () => new SqliteRoomStore(storage()),
    refuseRoom: async (room) => {
      const name = `refuse_${storages.length}_${Math.random().toString(36).slice(2)}`
      storage().db.exec(
        `CREATE TRIGGER ${name} BEFORE INSERT ON updates WHEN NEW.room = '${room}' ` +
          `BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
      )
    },
  })
})
