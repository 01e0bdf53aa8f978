/**
 * Runs the command line as `pnpm warrant` does, for the tests of its commands: from the
 * repository root, with the caller's folder in INIT_CWD, answering its exit code and output.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const repoRoot = resolve(import.meta.dirname, '../..')

/** What a command said and how it ended. */
export interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `pnpm warrant <args>` on `dataDir`, as if typed in the folder `cwd`. */
export async function runWarrant(
  dataDir: string,
  cwd: string,
  ...args: string[]
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/cli.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, WARRANT_DATA: dataDir, INIT_CWD: cwd } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as CommandResult
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
