/**
 * Graceful shutdown, in an order that loses nothing acknowledged and drops nothing received
 * before the close: stop taking connections and upgrades, let large updates on trial reach
 * their verdicts, commit what the rooms queued (so it is relayed and acknowledged), close every
 * socket with 1001, then compact the rooms and close the database. Every wait is bounded by one
 * deadline; past it, what is left is skipped (a room's log stays on disk and is folded on the
 * next load) and named in the log.
 */
import type { Server } from 'node:http'
import type { Fanout } from './fanout'
import type { Rooms } from './rooms'
import type { Stores } from './stores'
import type { SyncServer } from './sync'

/** What a shutdown works on. */
export interface ShutdownOptions {
  http: Server
  sync: SyncServer
  rooms: Rooms
  /** The database, closed last. */
  stores: Pick<Stores, 'close'>
  /** The fan-out to the other instances, closed once the rooms are stored. */
  fanout?: Fanout | null
  /** When everything must be done, in ms since the epoch. */
  deadline: number
  /** Hears each step as it begins (to say where a shutdown the deadline ended was). */
  onStep?: (step: string) => void
  /** Runs just before the database closes (withdraws the instance file, say). */
  beforeClose?: () => Promise<void>
}

/** How long a shutdown may take before the process exits regardless, in ms. */
export const shutdownDeadlineMs = 10_000

/** The close code and reason every socket is closed with. */
export const shutdownCode = 1001
export const shutdownReason = 'server shutting down'

/** What a shutdown skipped because the deadline came first. */
export interface ShutdownReport {
  /** The steps that were cut short, in words; empty when none was. */
  cutShort: string[]
}

// Compaction is synchronous: it must begin early enough to end before the deadline.
const compactionMarginMs = 1000
// What is left after the last wait: closing connections and the database.
const httpMarginMs = 250

/** Stops the server as described above; resolves once the database is closed. */
export async function shutDown(options: ShutdownOptions): Promise<ShutdownReport> {
  const { http, sync, rooms, stores, deadline } = options
  const cutShort: string[] = []
  const within = async (step: string, work: Promise<unknown>, until = deadline) => {
    options.onStep?.(step)
    const finished = await beforeDeadline(work, until)
    if (!finished) cutShort.push(step)
  }
  const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()))
  http.closeIdleConnections()
  await within('waiting for large updates on trial', rooms.settled(), deadline - compactionMarginMs)
  try {
    await rooms.flush()
  } catch (error) {
    // The group commit reports its failures to the rooms; this is anything else.
    console.error('Could not commit the last updates', error)
  }
  await within(
    'closing sockets',
    sync.close(shutdownCode, shutdownReason),
    deadline - compactionMarginMs,
  )
  options.onStep?.('compacting rooms')
  const left = await rooms.compactAll(deadline - compactionMarginMs)
  if (left.length > 0) cutShort.push(`compacting ${left.join(', ')} (their logs are kept)`)
  if (options.fanout) await within('leaving the other instances', options.fanout.close())
  // A keep-alive connection whose request ends is closed once idle; one still running at the
  // deadline is cut off.
  const idle = setInterval(() => http.closeIdleConnections(), 50)
  await within('finishing HTTP requests', httpClosed, deadline - httpMarginMs)
  clearInterval(idle)
  http.closeAllConnections()
  options.onStep?.('closing the database')
  try {
    await options.beforeClose?.()
  } catch (error) {
    console.error('Could not withdraw the instance file', error)
  }
  await stores.close()
  return { cutShort }
}

/** Whether `work` settled before `deadline` (ms since the epoch). */
async function beforeDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))
  })
  try {
    return await Promise.race([work.then(() => true), late])
  } finally {
    clearTimeout(timer)
  }
}
