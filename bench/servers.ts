/**
 * The sync servers the benchmarks measure, each started as a process of its own so that its CPU
 * and memory are read apart from the load generators': Warrant, the reference server
 * `@y/websocket-server` 0.1.1 (the last release on Yjs 13), and `@hocuspocus/server` 4.7.0
 * (peers/hocuspocus.ts) driven by `@hocuspocus/provider`. Both Hocuspocus packages declare
 * engines node >= 22; on this machine's Node 20 they start, sync and serve (the server uses
 * crossws over node:http and the provider takes `ws` as its WebSocketPolyfill).
 *
 * Warrant runs as it ships, limits included: each client has a reader token of its own, minted
 * once per benchmark run in a template data folder that every start copies.
 */
import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer, type TestServer } from '../tests/support/server'
import type { Endpoint } from './connect'
import { sleep } from './measure'
import { freePort, spawnListening, stopChild } from './processes'

const benchDir = dirname(fileURLToPath(import.meta.url))
/** The seeded document every benchmark client opens on Warrant. */
export const documentId = 'kiep-north-korea-foreign-relations-2024'
/** The room the sync benchmarks use: the document's annotations (any peer takes any name). */
export const room = `${documentId}.annotations`

/** Options of ServerKind.start. */
export interface ServerStartOptions {
  /** How many clients will connect to each document (Warrant mints a reader token for each). */
  readers: number
  /**
   * How many documents the clients open (default 1, the seeded one): Warrant's rooms must belong
   * to existing documents, so the template creates the others through the API.
   */
  documents?: number
  /** Extra arguments for node before the server's entry point (e.g. `--expose-gc`). */
  nodeArgs?: string[]
  /** Extra environment variables for the server process. */
  env?: Record<string, string>
}

/** A running server process and how clients reach it. */
export interface RunningServer {
  pid: number
  endpoint: Endpoint
  /** Warrant only: the running test server (owner token, HTTP API, data folder). */
  warrant?: TestServer
  /** Warrant only: the documents the clients may open, each with its reader tokens. */
  documents?: BenchDocument[]
  stop(): Promise<void>
}

/** A server the benchmarks can start. */
export interface ServerKind {
  name: string
  start(options: ServerStartOptions): Promise<RunningServer>
}

/** A document of Warrant's data folder and the editor tokens minted for it, one per reader. */
export interface BenchDocument {
  id: string
  tokens: string[]
}

/** A data folder with the benchmark documents and reader tokens, copied by every start. */
interface Template {
  dataDir: string
  ownerToken: string
  /** The seeded document first, then those the template created. */
  documents: BenchDocument[]
}

let template: Promise<Template> | undefined

/** The owner's request, retried while the owner's own write budget says to wait. */
async function ownerPost(server: TestServer, path: string, init: RequestInit): Promise<Response> {
  for (;;) {
    const response = await server.api(path, { method: 'POST', ...init })
    if (response.status !== 429) return response
    await sleep(Number(response.headers.get('Retry-After') ?? '1') * 1000)
  }
}

/** The template folder with at least `documents` documents, each with `readers` editor tokens. */
async function templateWith(readers: number, documents = 1): Promise<Template> {
  const current = await template
  const enough = (t: Template) =>
    t.documents.length >= documents &&
    t.documents.slice(0, documents).every((d) => d.tokens.length >= readers)
  if (current && enough(current)) return current
  template = (async () => {
    // More documents and tokens are added in the same folder, so the earlier ones stay valid.
    const server = await startServer(
      current ? { dataDir: current.dataDir, ownerToken: current.ownerToken } : {},
    )
    try {
      const list: BenchDocument[] = (current?.documents ?? [{ id: documentId, tokens: [] }]).map(
        (d) => ({ id: d.id, tokens: [...d.tokens] }),
      )
      while (list.length < documents) {
        const number = list.length + 1
        const response = await ownerPost(server, `/api/documents?title=Benchmark+${number}`, {
          headers: { 'Content-Type': 'text/markdown' },
          body: `# Benchmark ${number}\n\nA document the benchmarks write to.\n`,
        })
        if (response.status !== 201) throw new Error(`creating a document: ${response.status}`)
        list.push({ id: ((await response.json()) as { id: string }).id, tokens: [] })
      }
      for (const document of list.slice(0, documents)) {
        while (document.tokens.length < readers) {
          const label = `reader ${document.tokens.length + 1}`
          const response = await ownerPost(server, `/api/documents/${document.id}/shares`, {
            body: JSON.stringify({ role: 'editor', label }),
          })
          if (response.status !== 201) throw new Error(`minting a reader token: ${response.status}`)
          document.tokens.push(((await response.json()) as { token: string }).token)
        }
      }
      return { dataDir: server.dataDir, ownerToken: server.token, documents: list }
    } finally {
      await server.stop()
    }
  })()
  return template
}

const warrant: ServerKind = {
  name: 'Warrant',
  async start({ readers, documents = 1, nodeArgs, env }) {
    const seeded = await templateWith(readers, documents)
    const dataDir = await mkdtemp(join(tmpdir(), 'warrant-bench-'))
    await cp(seeded.dataDir, dataDir, { recursive: true })
    const server = await startServer({ dataDir, ownerToken: seeded.ownerToken, nodeArgs, env })
    return {
      pid: server.pid,
      endpoint: {
        protocol: 'y-websocket',
        url: server.syncUrl,
        tokens: seeded.documents[0]!.tokens.slice(0, Math.max(1, readers)),
      },
      warrant: server,
      documents: seeded.documents
        .slice(0, documents)
        .map((d) => ({ id: d.id, tokens: d.tokens.slice(0, readers) })),
      stop: () => server.stop(),
    }
  },
}

const referenceServer: ServerKind = {
  name: 'y-websocket-server',
  async start({ nodeArgs = [], env }) {
    const port = await freePort()
    const bin = join(benchDir, 'node_modules/@y/websocket-server/src/server.js')
    const child = await spawnListening(process.execPath, [...nodeArgs, bin], {
      cwd: benchDir,
      env: { HOST: '127.0.0.1', PORT: String(port), ...env },
      ready: /running at/,
    })
    return {
      pid: child.pid!,
      endpoint: { protocol: 'y-websocket', url: `ws://127.0.0.1:${port}`, tokens: [] },
      stop: () => stopChild(child),
    }
  },
}

const hocuspocus: ServerKind = {
  name: 'hocuspocus',
  async start({ nodeArgs = [], env }) {
    const port = await freePort()
    const entry = join(benchDir, 'peers/hocuspocus.ts')
    const child = await spawnListening(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
      cwd: benchDir,
      env: { HOST: '127.0.0.1', PORT: String(port), ...env },
      ready: /listening on/,
    })
    return {
      pid: child.pid!,
      endpoint: { protocol: 'hocuspocus', url: `ws://127.0.0.1:${port}`, tokens: [] },
      stop: () => stopChild(child),
    }
  },
}

/** Warrant and its peers; Warrant is first. */
export const servers: ServerKind[] = [warrant, referenceServer, hocuspocus]
