/**
 * The sync servers the benchmarks measure, each started as a process of its own so that its CPU
 * and memory can be read apart from the load generator's: Warrant, the reference server
 * `@y/websocket-server` 0.1.1 (the last release on Yjs 13), and `@hocuspocus/server` 4.7.0
 * (peers/hocuspocus.ts) driven by `@hocuspocus/provider`. Both Hocuspocus packages declare
 * engines node >= 22; on this machine's Node 20 they start, sync and serve (the server uses
 * crossws over node:http and the provider takes `ws` as its WebSocketPolyfill).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { connectClient } from '../tests/support/clients'
import { startServer } from '../tests/support/server'

const benchDir = dirname(fileURLToPath(import.meta.url))
const docId = 'kiep-north-korea-foreign-relations-2024'
/** The room every client of every server joins. */
export const room = `${docId}.annotations`

/** A connected client of any server. */
export interface FanoutClient {
  doc: Y.Doc
  close(): void
}

/** A running server process and how to connect a client to it. */
export interface FanoutServer {
  pid: number
  connect(): Promise<FanoutClient>
  stop(): Promise<void>
}

/** A server the benchmarks can start. */
export interface ServerKind {
  name: string
  start(): Promise<FanoutServer>
}

const warrant: ServerKind = {
  name: 'Warrant',
  async start() {
    const server = await startServer({
      // Every client here shares the owner token, whose write budget (20 a second) would
      // throttle them all as one reader; real readers each have their own, so it is lifted.
      env: { WARRANT_MAX_CONNECTIONS: '1000', WARRANT_RATE_PER_SECOND: '0' },
    })
    return {
      pid: server.pid,
      connect: () => connectClient(server, room),
      stop: () => server.stop(),
    }
  },
}

const referenceServer: ServerKind = {
  name: 'y-websocket-server',
  async start() {
    const port = await freePort()
    const bin = join(benchDir, 'node_modules/@y/websocket-server/src/server.js')
    const child = await spawnListening(process.execPath, [bin], port, /running at/)
    const syncUrl = `ws://127.0.0.1:${port}`
    return {
      pid: child.pid!,
      connect: () => connectClient({ syncUrl, token: '' }, room),
      stop: () => stopChild(child),
    }
  },
}

const hocuspocus: ServerKind = {
  name: 'hocuspocus',
  async start() {
    const port = await freePort()
    const entry = join(benchDir, 'peers/hocuspocus.ts')
    const child = await spawnListening(
      process.execPath,
      ['--import', 'tsx', entry],
      port,
      /listening on/,
    )
    const url = `ws://127.0.0.1:${port}`
    return {
      pid: child.pid!,
      connect: () =>
        new Promise<FanoutClient>((resolve, reject) => {
          const doc = new Y.Doc()
          // Its own socket per client, as separate readers would have.
          const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket })
          const provider = new HocuspocusProvider({
            websocketProvider: socket,
            name: room,
            document: doc,
            onSynced: () =>
              resolve({
                doc,
                close() {
                  provider.destroy()
                  socket.destroy()
                  doc.destroy()
                },
              }),
            onAuthenticationFailed: ({ reason }) => reject(new Error(reason)),
          })
          // A provider given its own websocketProvider connects only once attached.
          provider.attach()
        }),
      stop: () => stopChild(child),
    }
  },
}

/** Warrant and its peers; Warrant is first. */
export const servers = [warrant, referenceServer, hocuspocus]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

// Every y-websocket provider adds a process 'exit' listener; 200 of them are expected here.
process.setMaxListeners(0)

const children = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Spawns a peer server with HOST and PORT, resolving once its stdout matches `ready`. */
function spawnListening(
  command: string,
  args: string[],
  port: number,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd: benchDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    let output = ''
    const onExit = (code: number | null) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${output}`))
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (ready.test(output)) {
        child.off('exit', onExit)
        resolve(child)
      }
    })
    child.once('exit', onExit)
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

const ticksPerSecond = 100 // USER_HZ on Linux

/** The process's user + system CPU time so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

/** The process's resident memory, in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)
  return kib ? Number(kib[1]) / 1024 : Number.NaN
}
