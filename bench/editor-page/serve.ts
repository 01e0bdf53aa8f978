/**
 * Serving the editor benchmark's page to Chromium (from Node): bundles this folder's index.html
 * and main.ts with apps/web's vite into a fresh folder, then serves that folder and the
 * workload's two Yjs updates from a local HTTP server on a free port.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EditorWorkload } from './workload'

const pageDir = dirname(fileURLToPath(import.meta.url))
const repo = join(pageDir, '..', '..')

/** The served page. */
export interface EditorPageSite {
  url: string
  stop(): Promise<void>
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.bin': 'application/octet-stream',
}

/** Bundles the page into a fresh folder; returns the folder. */
async function buildPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'warrant-editor-bench-'))
  execFileSync(
    'pnpm',
    [
      ...['--filter', '@warrant/web', 'exec', 'vite', 'build', pageDir],
      ...['--outDir', outDir, '--emptyOutDir', '--target', 'es2022', '--logLevel', 'warn'],
    ],
    { cwd: repo, stdio: 'pipe' },
  )
  return outDir
}

/** Builds the page and serves it with `workload` at /content.bin and /annotations.bin. */
export async function serveEditorPage(workload: EditorWorkload): Promise<EditorPageSite> {
  const outDir = await buildPage()
  const updates: Record<string, Uint8Array> = {
    '/content.bin': workload.content,
    '/annotations.bin': workload.annotations,
  }
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    const update = updates[path]
    if (update !== undefined) {
      response.writeHead(200, { 'content-type': types['.bin']! })
      response.end(update)
      return
    }
    const file = normalize(path === '/' ? '/index.html' : path)
    readFile(join(outDir, file))
      .then((body) => {
        response.writeHead(200, {
          'content-type': types[extname(file)] ?? 'application/octet-stream',
        })
        response.end(body)
      })
      .catch(() => {
        response.writeHead(404)
        response.end()
      })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(outDir, { recursive: true, force: true })
    },
  }
}
