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
  /**
   * Warrant only: how many idle documents (`idleDocumentId(0…n-1)`, each of `idleDocumentSource`)
   * must exist besides the others; the peers keep any document a client opens.
   */
  idleDocuments?: number
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
  /** How long the server keeps a document nobody uses before it frees it, in ms (default 0). */
  unloadAfterMs?: number
  start(options: ServerStartOptions): Promise<RunningServer>
}

/** A document of Warrant's data folder and the editor tokens given to its readers. */
export interface BenchDocument {
  id: string
  tokens: string[]
}

/** The small content every idle document holds: a heading and three paragraphs of Markdown. */
export const idleDocumentSource = [
  '# Trade notes',
  'Exports of anthracite fell in the first quarter, while imports of refined oil rose.',
  'The customs figures for the second quarter were revised twice; both versions are kept.',
  'Coders mark each passage on sanctions, trade or diplomacy, and note their sources.',
].join('\n\n')

/** The id of idle document `n` (from 0): its title `Idle document n+1`, as a slug. */
export function idleDocumentId(n: number): string {
  return `idle-document-${n + 1}`
}

/** A data folder with the benchmark documents and reader tokens, copied by every start. */
interface Template {
  dataDir: string
  ownerToken: string
  /** Editor tokens, each opening every document. */
  readerTokens: string[]
  /** The seeded document first, then the benchmark documents the template created. */
  documents: string[]
  idleDocuments: number
}

let template: Promise<Template> | undefined

/** The body of the owner's write as the server answered it, waiting out 429s as it says. */
export async function ownerWrite(
  server: TestServer,
  path: string,
  init: RequestInit,
): Promise<unknown> {
  for (;;) {
    const response = await server.api(path, { method: 'POST', ...init })
    if (response.status === 429) {
      await sleep(Number(response.headers.get('Retry-After') ?? '1') * 1000)
      continue
    }
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status}`)
    return response.json()
  }
}

/** What a template must hold. */
interface TemplateNeeds {
  tokens: number
  documents: number
  idleDocuments: number
}

/**
 * The template folder with at least `tokens` editor tokens (each opening every document),
 * `documents` benchmark documents and `idleDocuments` idle documents. It is seeded with no write
 * budget, so that a thousand documents take seconds; the servers measured run with the default.
 */
async function templateWith(needs: TemplateNeeds): Promise<Template> {
  const current = await template
  if (
    current &&
    current.readerTokens.length >= needs.tokens &&
    current.documents.length >= needs.documents &&
    current.idleDocuments >= needs.idleDocuments
  ) {
    return current
  }
  template = (async () => {
    // More tokens and documents are made in the same folder, so the earlier ones stay valid.
    const server = await startServer({
      ...(current ? { dataDir: current.dataDir, ownerToken: current.ownerToken } : {}),
      env: { WARRANT_RATE_PER_SECOND: '0' },
    })
    try {
      const readerTokens: string[] = [...(current?.readerTokens ?? [])]
      while (readerTokens.length < needs.tokens) {
        const body = JSON.stringify({ role: 'editor', label: `reader ${readerTokens.length + 1}` })
        const share = (await ownerWrite(server, '/api/shares', { body })) as { token: string }
        readerTokens.push(share.token)
      }
      const documents = [...(current?.documents ?? [documentId])]
      while (documents.length < needs.documents) {
        const number = documents.length + 1
        const created = (await ownerWrite(server, `/api/documents?title=Benchmark+${number}`, {
          headers: { 'Content-Type': 'text/markdown' },
          body: `# Benchmark ${number}\n\nA document the benchmarks write to.\n`,
        })) as { id: string }
        documents.push(created.id)
      }
      const made = current?.idleDocuments ?? 0
      const wanted = Math.max(made, needs.idleDocuments)
      // A few at a time: each is imported in the server's worker.
      const next = { n: made }
      const creator = async () => {
        for (let n = next.n++; n < wanted; n = next.n++) {
          const title = encodeURIComponent(`Idle document ${n + 1}`)
          const record = (await ownerWrite(server, `/api/documents?title=${title}`, {
            headers: { 'Content-Type': 'text/markdown' },
            body: idleDocumentSource,
          })) as { id: string }
          if (record.id !== idleDocumentId(n)) throw new Error(`idle document ${n}: ${record.id}`)
        }
      }
      await Promise.all([creator(), creator(), creator(), creator()])
      return {
        dataDir: server.dataDir,
        ownerToken: server.token,
        readerTokens,
        documents,
        idleDocuments: wanted,
      }
    } finally {
      await server.stop()
    }
  })()
  return template
}

const warrant: ServerKind = {
  name: 'Warrant',
  // WARRANT_UNLOAD_AFTER_MS as it ships.
  unloadAfterMs: 10_000,
  async start({ readers, documents = 1, idleDocuments = 0, nodeArgs, env }) {
    const tokens = Math.max(1, readers) * documents
    const seeded = await templateWith({ tokens, documents, idleDocuments })
    const dataDir = await mkdtemp(join(tmpdir(), 'warrant-bench-'))
    await cp(seeded.dataDir, dataDir, { recursive: true })
    const server = await startServer({ dataDir, ownerToken: seeded.ownerToken, nodeArgs, env })
    return {
      pid: server.pid,
      endpoint: {
        protocol: 'y-websocket',
        url: server.syncUrl,
        tokens: seeded.readerTokens.slice(0, tokens),
      },
      warrant: server,
      // Each document's readers get tokens of their own.
      documents: seeded.documents.slice(0, documents).map((id, k) => ({
        id,
        tokens: seeded.readerTokens.slice(k * readers, (k + 1) * readers),
      })),
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
