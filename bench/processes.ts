/**
 * The child processes the benchmarks start (peer servers, load generators) and what is read of
 * them from outside: CPU time and resident memory from /proc, so that a server's cost is
 * measured apart from the load generator's.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

const children = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** Options of spawnListening. */
export interface SpawnListeningOptions {
  cwd: string
  env?: Record<string, string>
  /** Resolves once the child's standard output matches this. */
  ready: RegExp
}

/** Spawns a server process and resolves once its standard output says it is listening. */
export function spawnListening(
  command: string,
  args: string[],
  options: SpawnListeningOptions,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
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
      if (options.ready.test(output)) {
        child.off('exit', onExit)
        resolve(child)
      }
    })
    child.once('exit', onExit)
  })
}

/** Sends a signal (SIGTERM by default) and resolves once the child has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
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

/** A wall clock shared by every process on the machine, in ms with sub-ms precision. */
export function machineNow(): number {
  return performance.timeOrigin + performance.now()
}
