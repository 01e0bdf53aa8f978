/**
 * The balancer of the scale-out tests, in front of plain TCP servers that answer with their own
 * name: connections go to each in turn, a closed one is skipped, and a connection piped to a
 * server that goes away ends.
 */
import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { Balancer } from './balancer'

const opened: Array<{ close(): unknown }> = []

/** A server that writes `name` to every connection and keeps it open. */
async function namedServer(name: string): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.write(name)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  // Closing destroys the open sockets too, as a dying process would.
  const close = server.close.bind(server)
  server.close = (callback) => {
    for (const socket of sockets) socket.destroy()
    return close(callback)
  }
  opened.push(server)
  return { server, port: (server.address() as { port: number }).port }
}

/** Connects through the balancer and resolves with the first thing the far end says. */
async function greeting(balancer: Balancer): Promise<{ name: string; socket: Socket }> {
  const socket = connect(balancer.port, '127.0.0.1')
  opened.push({ close: () => socket.destroy() })
  const [data] = (await once(socket, 'data')) as [Buffer]
  return { name: data.toString(), socket }
}

afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close()
})

describe('the test balancer', () => {
  it('sends each new connection to the next server in turn', async () => {
    const a = await namedServer('a')
    const b = await namedServer('b')
    const balancer = await Balancer.start([a.port, b.port])
    opened.push(balancer)
    const names: string[] = []
    for (let i = 0; i < 4; i++) names.push((await greeting(balancer)).name)
    expect(names).toEqual(['a', 'b', 'a', 'b'])
    expect(balancer.connectionsTo(a.port)).toBe(2)
  })

  it('skips a server that refuses connections, and ends connections to a server that died', async () => {
    const a = await namedServer('a')
    const b = await namedServer('b')
    const balancer = await Balancer.start([a.port, b.port])
    opened.push(balancer)
    const first = await greeting(balancer)
    expect(first.name).toBe('a')
    const ended = once(first.socket, 'close')
    a.server.close()
    await ended
    const names: string[] = []
    for (let i = 0; i < 3; i++) names.push((await greeting(balancer)).name)
    expect(names).toEqual(['b', 'b', 'b'])
    expect(balancer.connectionsTo(a.port)).toBe(0)
  })
})
