import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { describeStorageError, StorageFailure, storageFault } from './storage-faults'

/** An error as better-sqlite3 throws it, with SQLite's result code. */
function sqliteError(code: string): Error {
  return new Database.SqliteError(`sqlite says ${code}`, code)
}

describe('storageFault', () => {
  it.each([
    ['SQLITE_FULL', 'disk-full', "the server's disk is full"],
    ['SQLITE_BUSY', 'database-locked', 'the database is locked by another program'],
    ['SQLITE_BUSY_TIMEOUT', 'database-locked', 'the database is locked by another program'],
    ['SQLITE_LOCKED_SHAREDCACHE', 'database-locked', 'the database is locked by another program'],
    ['SQLITE_IOERR_WRITE', 'disk-error', "the server's disk could not be written"],
    ['SQLITE_IOERR_FSYNC', 'disk-error', "the server's disk could not be written"],
    ['SQLITE_IOERR_NOMEM', 'out-of-memory', 'the server is out of memory'],
    ['SQLITE_READONLY_DBMOVED', 'read-only', 'the database is read-only'],
    ['SQLITE_CORRUPT', 'database-damaged', 'the database file is damaged'],
    ['SQLITE_CANTOPEN', 'database-unavailable', 'the database file cannot be opened'],
  ])('puts %s into plain words', (sqliteCode, code, words) => {
    expect(storageFault(sqliteError(sqliteCode))).toMatchObject({ code, words, sqliteCode })
  })

  it('names an unlisted SQLite code rather than hiding it', () => {
    expect(storageFault(sqliteError('SQLITE_MISMATCH'))).toMatchObject({
      code: 'storage-error',
      words: 'the database refused the write (SQLITE_MISMATCH)',
    })
  })

  it('does not mistake a prefix for a code (SQLITE_FULLER is not SQLITE_FULL)', () => {
    expect(storageFault(sqliteError('SQLITE_FULLER'))?.code).toBe('storage-error')
  })

  it('tells a closed database apart from a bug', () => {
    expect(storageFault(new TypeError('The database connection is not open'))?.code).toBe(
      'shutting-down',
    )
    expect(storageFault(new TypeError('x is not a function'))).toBeNull()
    expect(storageFault(new Error('SQLITE_FULL'))).toBeNull()
  })

  it('classifies the errors a real database throws when its page limit is reached', () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (x BLOB)')
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`)
    let caught: unknown = null
    try {
      for (let i = 0; i < 100; i += 1)
        db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(4096))
    } catch (error) {
      caught = error
    }
    expect(storageFault(caught)?.code).toBe('disk-full')
    db.close()
    try {
      db.prepare('SELECT 1')
    } catch (error) {
      caught = error
    }
    expect(storageFault(caught)?.code).toBe('shutting-down')
  })

  it('keeps the fault of a StorageFailure and words its message', () => {
    const failure = new StorageFailure(describeStorageError(sqliteError('SQLITE_FULL')))
    expect(failure.message).toBe("could not store: the server's disk is full")
    expect(storageFault(failure)).toBe(failure.fault)
    expect(describeStorageError(new Error('?')).code).toBe('storage-error')
  })
})
