/**
 * The web app built once per version of its sources. Every browser test needs a build, and
 * building it per test file costs each file a quarter of a minute on a small machine; so the
 * build goes into a folder named for a hash of the sources it was made from, the first test
 * file to need it builds it (others wait on a lock), and each file gets its own copy, so files
 * running side by side never serve each other's half-written build.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
// A lock older than this belongs to a build that died; the next test file takes over.
const staleLockMs = 5 * 60_000

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return []
  if (statSync(path).isFile()) return [path]
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.endsWith('.test.ts'))
    .flatMap((name) => filesUnder(join(path, name)))
}

/** A hash of everything the web build is made from: the app and the packages it bundles. */
function sourcesHash(): string {
  const packages = readdirSync(join(repo, 'packages')).map((name) => join(repo, 'packages', name))
  const roots = [join(repo, 'apps', 'web'), ...packages, join(repo, 'pnpm-lock.yaml')]
  const hash = createHash('sha256')
  for (const file of roots.flatMap(filesUnder).sort()) {
    hash.update(relative(repo, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

async function buildInto(folder: string): Promise<void> {
  const partial = `${folder}.partial`
  await rm(partial, { recursive: true, force: true })
  execFileSync(
    'pnpm',
    ['--filter', '@warrant/web', 'exec', 'vite', 'build', '--outDir', partial, '--emptyOutDir'],
    { cwd: repo, stdio: 'pipe' },
  )
  await rename(partial, folder)
}

/** Takes the build lock; false when another test file holds a live one. */
async function lock(path: string): Promise<boolean> {
  try {
    await mkdir(path)
    return true
  } catch {
    const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
    if (age < staleLockMs) return false
    await rm(path, { recursive: true, force: true })
    return lock(path)
  }
}

/** Builds apps/web from the current sources (once per version); returns a fresh copy of it. */
export async function buildWeb(): Promise<string> {
  const built = join(tmpdir(), `warrant-web-build-${sourcesHash()}`)
  const lockPath = `${built}.lock`
  while (!existsSync(join(built, 'index.html'))) {
    if (await lock(lockPath)) {
      try {
        if (!existsSync(join(built, 'index.html'))) await buildInto(built)
      } finally {
        await rm(lockPath, { recursive: true, force: true })
      }
    } else {
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  const copy = await mkdtemp(join(tmpdir(), 'warrant-web-'))
  await cp(built, copy, { recursive: true })
  return copy
}
