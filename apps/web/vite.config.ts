/** Builds the browser app into apps/web/dist (served by the server) and proxies the API in dev. */
import { defineConfig } from 'vite'

const server = 'http://127.0.0.1:8787'

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One page that needs ProseMirror and Yjs at once: splitting the bundle would not load less.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/api': server,
      '/sync': { target: server, ws: true },
    },
  },
})
