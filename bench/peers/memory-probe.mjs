/**
 * A preload for any benchmarked server process (`node --expose-gc --import <this file> …`) so
 * its memory can be read after garbage collection from outside: on SIGUSR2 it collects garbage
 * a few times, letting the event loop turn in between, and writes `process.memoryUsage()` as
 * JSON to the file named by MEMORY_PROBE_FILE (written aside and renamed, so a reader never sees
 * half of it). Plain JavaScript, so it loads before tsx in the servers that run under it.
 */
import { renameSync, writeFileSync } from 'node:fs'

const file = process.env.MEMORY_PROBE_FILE
if (file && typeof globalThis.gc === 'function') {
  const collect = globalThis.gc
  const turn = () => new Promise((resolve) => setImmediate(resolve))
  process.on('SIGUSR2', async () => {
    // Finalizers and weak references settle over a few turns, each freeing more.
    for (let i = 0; i < 4; i++) {
      collect()
      await turn()
    }
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage()
    writeFileSync(
      `${file}.part`,
      JSON.stringify({ rss, heapTotal, heapUsed, external, arrayBuffers }),
    )
    renameSync(`${file}.part`, file)
  })
}
