/**
 * Open and close many documents: a stock y-websocket client syncs both rooms of a document and
 * disconnects, a few documents at a time, over thousands of documents seeded into the data
 * folder before the server starts. Afterwards the server must hold no document in memory (read
 * from `GET /api/server`), and its heap after garbage collection must be back within 10% of the
 * baseline taken after a warm-up, as bench/idle-scale.ts measures it (the server runs with
 * `--expose-gc` and bench's memory probe, read on SIGUSR2).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseMarkdown } from '@warrant/document'
import { afterAll, describe, expect, it } from 'vitest'
import { createDocument } from '../../apps/server/src/create-document'
import { roomName } from '../../apps/server/src/rooms'
import { openStores } from '../../apps/server/src/stores'
import { connectClient } from '../support/clients'
import { startServer, type TestServer } from '../support/server'
import { report, size, timeout } from './runs'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const probeModule = pathToFileURL(join(repoRoot, 'bench/peers/memory-probe.mjs')).href
const mib = 1024 * 1024
const parallel = 4
const warmUp = 20

/** The small document every seeded one holds: a heading and three paragraphs. */
const source = [
  '# Trade notes',
  'Exports of anthracite fell in the first quarter, while imports of refined oil rose.',
  'The customs figures for the second quarter were revised twice; both versions are kept.',
  'Coders mark each passage on sanctions, trade or diplomacy, and note their sources.',
].join('\n\n')

/** What `GET /api/server` answers (the fields read here). */
interface ServerState {
  rooms: number
  connections: number
  memory: { heapUsed: number }
}

let server: TestServer | undefined

afterAll(async () => {
  await server?.stop()
})

/** Creates `count` documents in a new data folder, through the server's own storage, at once. */
async function seededDataFolder(count: number): Promise<{ dataDir: string; ids: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'warrant-memory-'))
  const stores = await openStores({ file: join(dataDir, 'warrant.sqlite') })
  const ids = Array.from({ length: count }, (_, n) => `memory-document-${n + 1}`)
  try {
    for (const id of ids) await createDocument(stores.documents, id, parseMarkdown(source))
  } finally {
    await stores.close()
  }
  return { dataDir, ids }
}

async function serverState(running: TestServer): Promise<ServerState> {
  const response = await running.api('/api/server')
  if (response.status !== 200) throw new Error(`GET /api/server: ${response.status}`)
  return (await response.json()) as ServerState
}

/**
 * The server's state once it holds no room and no connection, or as it is after a few seconds
 * of asking (sockets close asynchronously; a room left loaded is then there to see).
 */
async function unloaded(running: TestServer): Promise<ServerState> {
  for (let asked = 1; ; asked++) {
    const state = await serverState(running)
    if ((state.rooms === 0 && state.connections === 0) || asked === 200) return state
    await sleep(50)
  }
}

/** The server's heapUsed after it collected garbage (the memory probe's answer to SIGUSR2). */
async function heapAfterGc(running: TestServer, file: string): Promise<number> {
  await rm(file, { force: true })
  process.kill(running.pid, 'SIGUSR2')
  for (;;) {
    await sleep(50)
    try {
      return (JSON.parse(await readFile(file, 'utf8')) as { heapUsed: number }).heapUsed
    } catch {
      // Not written yet.
    }
  }
}

/** Opens a document (a client syncs both its rooms), then closes it (the clients disconnect). */
async function openAndClose(running: TestServer, id: string): Promise<void> {
  const clients = await Promise.all([
    connectClient(running, roomName(id, 'content')),
    connectClient(running, roomName(id, 'annotations')),
  ])
  for (const client of clients) client.close()
}

/** Opens and closes each document, `parallel` at a time. */
async function openAndCloseAll(running: TestServer, ids: string[]): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < ids.length) await openAndClose(running, ids[next++]!)
  }
  await Promise.all(Array.from({ length: parallel }, worker))
}

describe('opening and closing many documents', () => {
  it(
    'frees every document it loaded and returns its heap to the baseline',
    async () => {
      const started = Date.now()
      const documents = size(1000, 10_000)
      const { dataDir, ids } = await seededDataFolder(warmUp + documents)
      const probeFile = join(dataDir, 'memory.json')
      const running = await startServer({
        dataDir,
        nodeArgs: ['--expose-gc', '--import', probeModule],
        // One token opens every document here: its write budget is not what is measured.
        env: { MEMORY_PROBE_FILE: probeFile, WARRANT_RATE_PER_SECOND: '0' },
      })
      server = running

      // While a document is open, both its rooms and connections are counted.
      const first = ids[0]!
      const open = await Promise.all([
        connectClient(running, roomName(first, 'content')),
        connectClient(running, roomName(first, 'annotations')),
      ])
      const during = await serverState(running)
      for (const client of open) client.close()
      expect(during).toMatchObject({ rooms: 2, connections: 2 })

      await openAndCloseAll(running, ids.slice(1, warmUp))
      await unloaded(running)
      const baseline = await heapAfterGc(running, probeFile)

      await openAndCloseAll(running, ids.slice(warmUp))
      const end = await unloaded(running)
      const after = await heapAfterGc(running, probeFile)
      const ratio = after / baseline

      report('memory', {
        documentsOpened: documents,
        roomsLoadedAtEnd: end.rooms,
        connectionsAtEnd: end.connections,
        heapBaselineMiB: (baseline / mib).toFixed(1),
        heapAfterMiB: (after / mib).toFixed(1),
        ratio: ratio.toFixed(3),
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      })
      expect(end.rooms).toBe(0)
      expect(ratio).toBeLessThanOrEqual(1.1)
    },
    timeout(120_000, 1_200_000),
  )
})
