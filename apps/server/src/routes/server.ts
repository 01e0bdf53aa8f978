/**
 * `GET /server`: what the server process holds now, for whoever runs it: the rooms loaded in
 * memory (a room is loaded while someone uses it), the open sync connections, and the process's
 * memory. Only the instance owner may read it; an owner by share link gets a 403.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../auth'
import { ApiError } from '../errors'
import { isInstanceOwner } from '../instance-owner'
import type { MetaStore } from '../meta-store'
import type { Rooms } from '../rooms'
import type { Tokens } from '../tokens'

/** The answer of `GET /server`; memory in bytes, uptime in seconds. */
export interface ServerState {
  rooms: number
  connections: number
  memory: {
    rss: number
    heapTotal: number
    heapUsed: number
    external: number
    arrayBuffers: number
  }
  uptime: number
}

/** `GET /server`, mounted under /api. */
export function serverRoutes(meta: MetaStore, tokens: Tokens, rooms: Rooms): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/server', async (c) => {
    if (!(await isInstanceOwner(meta, tokens, c.get('access')))) {
      throw new ApiError(
        403,
        "the server's state is for its instance owner: the first start's owner link or the command line",
      )
    }
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage()
    const state: ServerState = {
      rooms: rooms.size,
      connections: rooms.connections,
      memory: { rss, heapTotal, heapUsed, external, arrayBuffers },
      uptime: Math.round(process.uptime()),
    }
    return c.json(state)
  })
  return app
}
