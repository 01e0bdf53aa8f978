/**
 * What went wrong when the database refused a read or a write, in the words a reader is shown:
 * SQLite's result codes (SQLITE_FULL, SQLITE_BUSY, SQLITE_IOERR_WRITE, …) become one plain
 * sentence and a short code, so every path that writes (sync, HTTP, shutdown) says the same
 * thing about the same fault.
 */

/** A storage fault in words. */
export interface StorageFault {
  /** A short stable name: `disk-full`, `database-locked`, `disk-error`, … */
  code: string
  /** What happened, for a reader: "the server's disk is full". */
  words: string
  /** When trying again may succeed, in seconds (for Retry-After). */
  retryAfterSeconds: number
  /** SQLite's own code, such as SQLITE_IOERR_FSYNC, or null when the error was not SQLite's. */
  sqliteCode: string | null
}

/** An error of a write that could not be stored, carrying the fault that stopped it. */
export class StorageFailure extends Error {
  override readonly name = 'StorageFailure'

  constructor(
    readonly fault: StorageFault,
    options?: ErrorOptions,
  ) {
    super(couldNotStore(fault), options)
  }
}

/** What a reader is told of a write the fault refused: `could not store: <words>`. */
export function couldNotStore(fault: StorageFault): string {
  return `could not store: ${fault.words}`
}

interface FaultKind {
  /** The SQLite primary result code (extended codes such as SQLITE_IOERR_WRITE start with it). */
  prefix: string
  code: string
  words: string
  retryAfterSeconds: number
}

// Checked in order: SQLITE_IOERR_NOMEM is an I/O error code, but means memory ran out.
const kinds: FaultKind[] = [
  {
    prefix: 'SQLITE_FULL',
    code: 'disk-full',
    words: "the server's disk is full",
    retryAfterSeconds: 60,
  },
  {
    prefix: 'SQLITE_BUSY',
    code: 'database-locked',
    words: 'the database is locked by another program',
    retryAfterSeconds: 5,
  },
  {
    prefix: 'SQLITE_LOCKED',
    code: 'database-locked',
    words: 'the database is locked by another program',
    retryAfterSeconds: 5,
  },
  {
    prefix: 'SQLITE_IOERR_NOMEM',
    code: 'out-of-memory',
    words: 'the server is out of memory',
    retryAfterSeconds: 30,
  },
  {
    prefix: 'SQLITE_NOMEM',
    code: 'out-of-memory',
    words: 'the server is out of memory',
    retryAfterSeconds: 30,
  },
  {
    prefix: 'SQLITE_IOERR',
    code: 'disk-error',
    words: "the server's disk could not be written",
    retryAfterSeconds: 60,
  },
  {
    prefix: 'SQLITE_READONLY',
    code: 'read-only',
    words: 'the database is read-only',
    retryAfterSeconds: 60,
  },
  {
    prefix: 'SQLITE_PERM',
    code: 'read-only',
    words: 'the server may not write its database',
    retryAfterSeconds: 60,
  },
  {
    prefix: 'SQLITE_CANTOPEN',
    code: 'database-unavailable',
    words: 'the database file cannot be opened',
    retryAfterSeconds: 60,
  },
  {
    prefix: 'SQLITE_CORRUPT',
    code: 'database-damaged',
    words: 'the database file is damaged',
    retryAfterSeconds: 60,
  },
  {
    prefix: 'SQLITE_NOTADB',
    code: 'database-damaged',
    words: 'the database file is damaged',
    retryAfterSeconds: 60,
  },
]

/** The SQLite result code of an error (better-sqlite3's SqliteError carries it), or null. */
function sqliteCodeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null
  const { code } = error
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null
}

/** Whether `code` is `prefix` or one of its extended codes (`SQLITE_BUSY` and `SQLITE_BUSY_TIMEOUT`). */
function isOf(code: string, prefix: string): boolean {
  return code === prefix || code.startsWith(`${prefix}_`)
}

/**
 * The storage fault behind `error`, or null when it is no storage fault (a bug, bad input). A
 * closed database (the server is stopping) counts as one; a StorageFailure gives its own.
 */
export function storageFault(error: unknown): StorageFault | null {
  if (error instanceof StorageFailure) return error.fault
  const sqliteCode = sqliteCodeOf(error)
  if (sqliteCode === null) {
    // better-sqlite3 throws a TypeError, not a SqliteError, once the connection is closed.
    if (error instanceof TypeError && /database connection is not open/.test(error.message)) {
      return {
        code: 'shutting-down',
        words: 'the server is shutting down',
        retryAfterSeconds: 5,
        sqliteCode: null,
      }
    }
    return null
  }
  const kind = kinds.find((candidate) => isOf(sqliteCode, candidate.prefix))
  if (kind) {
    return {
      code: kind.code,
      words: kind.words,
      retryAfterSeconds: kind.retryAfterSeconds,
      sqliteCode,
    }
  }
  return {
    code: 'storage-error',
    words: `the database refused the write (${sqliteCode})`,
    retryAfterSeconds: 30,
    sqliteCode,
  }
}

/** The fault behind `error`, treating anything unrecognised as an unexplained storage error. */
export function describeStorageError(error: unknown): StorageFault {
  return (
    storageFault(error) ?? {
      code: 'storage-error',
      words: 'the database refused the write',
      retryAfterSeconds: 30,
      sqliteCode: null,
    }
  )
}
