/**
 * A tiny TCP load balancer in front of several server instances, as a deployment would put one:
 * each new connection goes to the next instance in turn (no sticky sessions) and is piped to it
 * byte for byte, skipping an instance that refuses the connection. When an instance dies, the
 * connections piped to it end, and a stock y-websocket client reconnects through the balancer
 * to whichever live instance comes next.
 */
import { once } from 'node:events'
import { connect, createServer, type Server, type Socket } from 'node:net'

/** A running balancer. */
export class Balancer {
  private readonly ports: number[] = []
  private readonly open = new Map<Socket, number>()
  private next = 0

  private constructor(private readonly server: Server) {}

  /** Starts listening on a free loopback port, in front of `ports`. */
  static async start(ports: readonly number[]): Promise<Balancer> {
    let balancer: Balancer | undefined
    const server = createServer((client) => balancer?.accept(client))
    balancer = new Balancer(server)
    for (const port of ports) balancer.add(port)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return balancer
  }

  /** The balancer's port. */
  get port(): number {
    const address = this.server.address()
    if (address === null || typeof address !== 'object') throw new Error('not listening')
    return address.port
  }

  /** `ws://127.0.0.1:PORT/sync`, the WebsocketProvider's server url through the balancer. */
  get syncUrl(): string {
    return `ws://127.0.0.1:${this.port}/sync`
  }

  /** Puts an instance (by port) in the rotation. */
  add(port: number): void {
    if (!this.ports.includes(port)) this.ports.push(port)
  }

  /** How many connections are piped to the instance on `port` now. */
  connectionsTo(port: number): number {
    let count = 0
    for (const target of this.open.values()) if (target === port) count++
    return count
  }

  /** Stops accepting and cuts every piped connection. */
  async close(): Promise<void> {
    const closed = once(this.server, 'close')
    this.server.close()
    for (const socket of this.open.keys()) socket.destroy()
    await closed
  }

  private accept(client: Socket): void {
    client.pause()
    client.on('error', () => client.destroy())
    this.forward(client, this.ports.length)
  }

  /** Pipes `client` to the next instance, trying up to `tries` of them in turn. */
  private forward(client: Socket, tries: number): void {
    if (tries === 0 || client.destroyed) {
      client.destroy()
      return
    }
    const port = this.ports[this.next++ % this.ports.length]!
    const upstream = connect(port, '127.0.0.1')
    upstream.once('error', () => {
      // Refused: the instance is dead (or not up yet), so the next one is tried.
      upstream.destroy()
      this.forward(client, tries - 1)
    })
    upstream.once('connect', () => {
      upstream.removeAllListeners('error')
      if (client.destroyed) {
        upstream.destroy()
        return
      }
      this.open.set(client, port)
      const cut = () => {
        this.open.delete(client)
        client.destroy()
        upstream.destroy()
      }
      upstream.on('error', cut)
      upstream.on('close', cut)
      client.on('close', cut)
      client.pipe(upstream)
      upstream.pipe(client)
    })
  }
}
