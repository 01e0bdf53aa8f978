/**
 * A scenario's load generator process (a file of bench/ forked under tsx, talking over IPC):
 * the harness tells it commands and waits for its replies by type, and closes it at the end,
 * so that the clients run apart from the server and from each other.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const benchDir = dirname(fileURLToPath(import.meta.url))

/** A command every load process understands: close the clients and exit. */
export interface CloseCommand {
  type: 'close'
}

/** A running load process: commands go in, replies come back by their type. */
export interface LoadProcess<Command, Reply extends { type: string }> {
  child: ChildProcess
  tell(command: Command | CloseCommand): void
  next<T extends Reply['type']>(type: T): Promise<Extract<Reply, { type: T }>>
}

/** Forks `script` (a file of bench/) as a load process. */
export function startLoad<Command, Reply extends { type: string }>(
  script: string,
): LoadProcess<Command, Reply> {
  const child = fork(join(benchDir, script), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // NaN (a figure not measured yet) survives the advanced serialization; JSON makes it null.
    serialization: 'advanced',
  })
  return {
    child,
    // reason: commands are plain data; Serializable is not a constraint TypeScript can check here.
    tell: (command) => child.send(command as Parameters<ChildProcess['send']>[0]),
    next: (type) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`the load process ${script} exited (${code}) before '${type}'`))
        const onMessage = (message: Reply) => {
          if (message.type !== type) return
          child.off('message', onMessage)
          child.off('exit', onExit)
          resolve(message as Extract<Reply, { type: typeof type }>)
        }
        child.on('message', onMessage)
        child.once('exit', onExit)
      }),
  }
}

/** Tells every load process `command` and resolves with each one's reply of type `reply`. */
export function askAll<Command, Reply extends { type: string }, T extends Reply['type']>(
  loads: Array<LoadProcess<Command, Reply>>,
  command: Command,
  reply: T,
): Promise<Array<Extract<Reply, { type: T }>>> {
  const replies = loads.map((load) => load.next(reply))
  for (const load of loads) load.tell(command)
  return Promise.all(replies)
}

/** Closes every load process still connected and waits until each has exited. */
export async function closeLoads<Command, Reply extends { type: string }>(
  loads: Array<LoadProcess<Command, Reply>>,
): Promise<void> {
  for (const load of loads) if (load.child.connected) load.tell({ type: 'close' })
  await Promise.all(
    loads.map((load) =>
      load.child.exitCode !== null || load.child.signalCode !== null
        ? undefined
        : new Promise((done) => load.child.once('exit', done)),
    ),
  )
}
