/**
 * A load generator process of the fan-out scenario (`fork`ed by fanout.ts, run under tsx): it
 * connects its share of the clients, makes each one annotate every 500 ms and type 5 characters
 * a second, and records on the machine-wide clock when each of its clients sent a transaction
 * and when each received one. The harness puts every process's records together, so 200 clients
 * need not share one event loop.
 */
import * as Y from 'yjs'
import { annotationEntry } from './annotation-entry'
import { type BenchClient, connect, type Endpoint } from './connect'
import { seeded } from './measure'
import { machineNow } from './processes'

/** What the harness tells a load process. */
export type LoadCommand =
  | { type: 'connect'; endpoint: Endpoint; room: string; first: number; count: number }
  | { type: 'go' }
  | { type: 'stop' }
  | { type: 'report' }
  | { type: 'close' }

/** One sent transaction: the sender's client id, its clock after the send, and when it was sent. */
export type Send = [client: number, end: number, sentAt: number]

/**
 * Remote transactions that took `sender` from clock `before` to `after`, received by `count` of
 * this process's clients, the last of them at `lastAt`. A send (sender, end) reached a client
 * exactly when one of its receipts has before < end <= after.
 */
export type Receipt = [sender: number, before: number, after: number, count: number, lastAt: number]

/** What a load process answers. */
export type LoadReply =
  | { type: 'connected' }
  | { type: 'stopped' }
  | { type: 'report'; sends: Send[]; receipts: Receipt[] }

/** This process's clients and their numbers among all the scenario's clients. */
const clients: Array<{ client: BenchClient; index: number }> = []
const timers: NodeJS.Timeout[] = []
const sends: Send[] = []
const receipts = new Map<string, Receipt>()

function reply(message: LoadReply): void {
  process.send!(message)
}

function record(doc: Y.Doc): void {
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.local) return
    const now = machineNow()
    for (const [sender, after] of transaction.afterState) {
      const before = transaction.beforeState.get(sender) ?? 0
      if (after <= before) continue
      const key = `${sender}:${before}:${after}`
      const receipt = receipts.get(key)
      if (receipt) {
        receipt[3]++
        receipt[4] = Math.max(receipt[4], now)
      } else receipts.set(key, [sender, before, after, 1, now])
    }
  })
}

function drive(client: BenchClient, index: number): void {
  const { doc } = client
  const random = seeded(index + 1)
  const annotations = doc.getMap<unknown>('bench-annotations')
  const text = doc.getText('bench-typing')
  let sequence = 0
  const send = (change: () => void) => {
    const sentAt = machineNow()
    doc.transact(change)
    sends.push([doc.clientID, Y.getState(doc.store, doc.clientID), sentAt])
  }
  const annotate = () =>
    send(() => annotations.set(`${index}-${sequence++}`, annotationEntry(random, index)))
  const type = () =>
    send(() => text.insert(random.int(0, text.length), String.fromCharCode(97 + (index % 26))))
  timers.push(
    setTimeout(() => timers.push(setInterval(annotate, 500)), random.int(0, 499)),
    setTimeout(() => timers.push(setInterval(type, 200)), random.int(0, 199)),
  )
}

process.on('message', async (command: LoadCommand) => {
  switch (command.type) {
    case 'connect': {
      const indexes = Array.from({ length: command.count }, (_, i) => command.first + i)
      const connected = await Promise.all(
        indexes.map((index) => connect(command.endpoint, command.room, index)),
      )
      connected.forEach((client, i) => {
        record(client.doc)
        clients.push({ client, index: indexes[i]! })
      })
      reply({ type: 'connected' })
      break
    }
    case 'go':
      for (const { client, index } of clients) drive(client, index)
      break
    case 'stop':
      for (const timer of timers) clearInterval(timer)
      reply({ type: 'stopped' })
      break
    case 'report':
      reply({ type: 'report', sends, receipts: [...receipts.values()] })
      break
    case 'close':
      for (const { client } of clients) client.close()
      process.exit(0)
  }
})
