/**
 * Starts the real server process for integration tests (`node --import tsx
 * apps/server/src/main.ts`, any free port, a fresh data folder) and makes sure it is gone
 * afterwards, even when a test fails.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Options of startServer. */
export interface StartServerOptions {
  /** An existing data folder (e.g. to restart on it); default: a fresh temporary folder. */
  dataDir?: string
  /** Extra environment variables for the server process. */
  env?: Record<string, string>
  /** Extra arguments for node before the entry point (e.g. `--expose-gc`). */
  nodeArgs?: string[]
  /** The owner token of a data folder first started by another process (e.g. a copy of one). */
  ownerToken?: string
}

/** A running server process. */
export interface TestServer {
  /** `http://127.0.0.1:PORT`. */
  url: string
  /** `ws://127.0.0.1:PORT/sync`, the WebsocketProvider's server url. */
  syncUrl: string
  /** The owner token of the data folder. */
  token: string
  dataDir: string
  /** The server process's id (to read its memory from /proc). */
  pid: number
  /** Fetches a path of the server as the owner; a string body is sent as JSON. */
  api(path: string, init?: RequestInit): Promise<Response>
  /** SIGTERM, and wait for the process to exit. */
  stop(): Promise<void>
  /** SIGKILL, and wait for the process to exit. */
  kill(): Promise<void>
  /** Resolves once the process has exited, with how it exited. */
  exited: Promise<ServerExit>
  /** What the process printed so far, stdout and stderr interleaved. */
  output(): string
}

/** How the server process ended: its exit code, or the signal that ended it. */
export interface ServerExit {
  code: number | null
  signal: NodeJS.Signals | null
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const running = new Set<ChildProcess>()
// Owner tokens are printed only on a data folder's first start; restarts reuse them.
const ownerTokens = new Map<string, string>()

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/** Spawns the server and resolves once it prints its address. */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'warrant-test-')))
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', 'apps/server/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        WARRANT_DATA: dataDir,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  running.add(child)
  let output = ''
  const record = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout!.on('data', record)
  child.stderr!.on('data', record)
  const exited = new Promise<ServerExit>((done) => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      done({ code, signal })
    })
  })
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    await exited
  }
  let url: string
  try {
    url = await waitForAddress(child, dataDir)
  } catch (error) {
    await signal('SIGKILL')
    throw error
  }
  const token = options.ownerToken ?? ownerTokens.get(dataDir)
  if (!token) {
    await signal('SIGKILL')
    throw new Error(`no owner token known for ${dataDir} (it was seeded by another process)`)
  }
  return {
    url,
    syncUrl: `${url.replace(/^http/, 'ws')}/sync`,
    token,
    dataDir,
    pid: child.pid!,
    api: (path, init = {}) => {
      const headers = new Headers(init.headers)
      headers.set('Authorization', `Bearer ${token}`)
      if (typeof init.body === 'string' && !headers.has('Content-Type')) {
        headers.set('Content-Type', 'application/json')
      }
      return fetch(`${url}${path}`, { ...init, headers })
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    exited,
    output: () => output,
  }
}

/**
 * A port that was free a moment ago, for a server that must come back on the same address after
 * a restart (`env: { PORT }`).
 */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}

/** Reads stdout until the address line, remembering the owner link on the way. */
function waitForAddress(child: ChildProcess, dataDir: string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let stdout = ''
    let stderr = ''
    const onExit = (code: number | null) =>
      reject(new Error(`the server exited (${code}) before listening:\n${stdout}\n${stderr}`))
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const owner = /^Owner link: \S+\?token=(\S+)$/m.exec(stdout)
      if (owner) ownerTokens.set(dataDir, owner[1]!)
      const serving = /^Warrant is serving on (http:\/\/\S+)$/m.exec(stdout)
      if (serving) {
        child.off('exit', onExit)
        resolveUrl(serving[1]!)
      }
    })
    child.once('exit', onExit)
  })
}
