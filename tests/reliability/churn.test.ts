/**
 * Restart churn: the real server is restarted again and again, alternately stopped (SIGTERM)
 * and killed (SIGKILL), while stock y-websocket clients keep typing into the text and
 * annotating, offline between a stop and the next start, and reconnecting by themselves. Every
 * client types unique marker tokens and gives each annotation a unique id and note, and opts in
 * to the stored acknowledgement (`ack=1`), so the end state can be checked exactly: nothing
 * acknowledged is lost, nothing is there twice, and the store holds no more than a fresh
 * compaction of that state would.
 */
import { createAnnotation, listAnnotations } from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText } from '@warrant/document'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startServer, type TestServer } from '../support/server'
import { connectRecorded, type RecordedClient } from '../support/stored'
import { until } from './eventually'
import { readStoredRoom, type StoredRoom } from './room-store'
import { report, size, timeout } from './runs'

const docId = 'kiep-north-korea-foreign-relations-2024'
const rooms = [`${docId}.content`, `${docId}.annotations`] as const
const writerCount = 2
// Within a share's write budget (20 a second): each writer makes one edit per step.
const stepMs = 100

/** An edit and the clock of its client once it was made: acknowledged when a stored vector covers it. */
interface Edit {
  mark: string
  clock: number
}

/** One collaborator: a text client and an annotations client, and what each has written. */
interface Writer {
  name: string
  content: RecordedClient
  annotations: RecordedClient
  markers: Edit[]
  tagged: Edit[]
  steps: number
  timer?: NodeJS.Timeout
}

const writers: Writer[] = []
let server: TestServer | undefined

afterAll(async () => {
  for (const writer of writers) {
    clearInterval(writer.timer)
    writer.content.close()
    writer.annotations.close()
  }
  await server?.kill()
})

function ownClock(client: RecordedClient): number {
  return Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID) ?? 0
}

/** The highest clock of its own that the server said it stored for a client. */
function storedClock(client: RecordedClient): number {
  let clock = 0
  for (const vector of client.stored) clock = Math.max(clock, vector.get(client.doc.clientID) ?? 0)
  return clock
}

function acknowledged(client: RecordedClient, edits: Edit[]): Edit[] {
  const clock = storedClock(client)
  return edits.filter((edit) => edit.clock <= clock)
}

/** The writer's own paragraph: it types at its end, so no marker is ever split by another. */
function paragraphOf(doc: Y.Doc, index: number): Y.XmlText {
  const paragraphs = doc
    .getXmlFragment(CONTENT_FRAGMENT)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    .filter((node) => node.nodeName === 'paragraph')
  const text = paragraphs[index]?.toArray().at(-1)
  if (!(text instanceof Y.XmlText)) throw new Error(`the brief has no paragraph ${index}`)
  return text
}

/** One edit: a marker typed at the end of its paragraph, or an annotation, in turn. */
function step(writer: Writer, index: number): void {
  const n = writer.steps++
  const mark = `[${writer.name}.${n}]`
  if (n % 2 === 0) {
    const text = paragraphOf(writer.content.doc, index)
    text.insert(text.length, ` ${mark}`)
    writer.markers.push({ mark, clock: ownClock(writer.content) })
    return
  }
  createAnnotation(writer.annotations.doc, writer.content.doc.getXmlFragment(CONTENT_FRAGMENT), {
    id: `annotation-${mark}`,
    kind: 'claim',
    span: { start: 0, end: 5 },
    creator: writer.name,
    note: mark,
  })
  writer.tagged.push({ mark, clock: ownClock(writer.annotations) })
}

function clientsOf(writer: Writer): RecordedClient[] {
  return [writer.content, writer.annotations]
}

/** Every client is connected and synced, and has had an edit acknowledged since `since`. */
function progressed(since: Map<RecordedClient, number>): boolean {
  return writers.every((writer) =>
    clientsOf(writer).every(
      (client) => client.provider.synced && storedClock(client) > (since.get(client) ?? 0),
    ),
  )
}

function clocks(): Map<RecordedClient, number> {
  return new Map(writers.flatMap(clientsOf).map((client) => [client, storedClock(client)]))
}

/** Every room of the document as the stopped server left it. */
function storedRooms(dataDir: string): StoredRoom[] {
  return rooms.map((room) => readStoredRoom(dataDir, room))
}

/** How often `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1
}

describe('restart churn', () => {
  it(
    'loses nothing acknowledged, duplicates nothing and stores no more than a fresh compaction, however often the server is stopped or killed',
    async () => {
      const started = Date.now()
      const restarts = size(10, 100)
      let current = await startServer()
      server = current
      const port = new URL(current.url).port
      const { dataDir } = current
      for (let i = 0; i < writerCount; i++) {
        const name = `w${i + 1}`
        const response = await current.api('/api/shares', {
          method: 'POST',
          body: JSON.stringify({ role: 'editor', label: name }),
        })
        expect(response.status).toBe(201)
        const { token } = (await response.json()) as { token: string }
        const writer: Writer = {
          name,
          content: await connectRecorded(current, rooms[0], { token, acknowledge: true }),
          annotations: await connectRecorded(current, rooms[1], { token, acknowledge: true }),
          markers: [],
          tagged: [],
          steps: 0,
        }
        writer.timer = setInterval(() => step(writer, i + 1), stepMs)
        writers.push(writer)
      }

      let since = clocks()
      let killed = 0
      for (let n = 0; n < restarts; n++) {
        await until(() => progressed(since))
        // Alternately: a clean stop, which compacts, and a crash, which leaves the log as it is.
        if (n % 2 === 0) await current.stop()
        else {
          await current.kill()
          killed += 1
        }
        // Same port, so the clients' own reconnects find the new process.
        current = await startServer({ dataDir, env: { PORT: port } })
        server = current
        since = clocks()
      }
      await until(() => progressed(since))
      for (const writer of writers) clearInterval(writer.timer)
      // Each client's own edits stored (others' edits relayed to it later bring it no new ack).
      await until(() =>
        writers.flatMap(clientsOf).every((client) => storedClock(client) >= ownClock(client)),
      )

      // A reconnect with nothing new must store nothing: compare the store across one.
      await current.kill()
      const before = storedRooms(dataDir)
      current = await startServer({ dataDir, env: { PORT: port } })
      server = current
      const joined = new Map(writers.flatMap(clientsOf).map((c) => [c, c.stored.length]))
      await until(() =>
        [...joined].every(
          ([client, count]) => client.provider.synced && client.stored.length > count,
        ),
      )
      await current.kill()
      const after = storedRooms(dataDir)
      const idleGrowth = after.reduce(
        (sum, room, k) =>
          sum + room.snapshotBytes + room.logBytes - before[k]!.snapshotBytes - before[k]!.logBytes,
        0,
      )

      // The final compaction: the clients leave, the rooms are freed, the server stops.
      current = await startServer({ dataDir, env: { PORT: port } })
      server = current
      await until(() => writers.flatMap(clientsOf).every((client) => client.provider.synced))
      for (const writer of writers) for (const client of clientsOf(writer)) client.close()
      await current.stop()
      const final = storedRooms(dataDir)
      const [content, annotations] = final as [StoredRoom, StoredRoom]

      const text = fragmentText(content.doc.getXmlFragment(CONTENT_FRAGMENT)).text
      const stored = listAnnotations(annotations.doc)
      const ids = stored.map((annotation) => annotation.id)
      const notes = stored.map((annotation) => annotation.note)
      let duplicated = ids.length - new Set(ids).size + (notes.length - new Set(notes).size)
      let lost = 0
      let acknowledgedEdits = 0
      for (const writer of writers) {
        const markers = acknowledged(writer.content, writer.markers)
        const tagged = acknowledged(writer.annotations, writer.tagged)
        acknowledgedEdits += markers.length + tagged.length
        for (const { mark } of writer.markers) {
          const count = occurrences(text, mark)
          duplicated += Math.max(0, count - 1)
          if (count === 0 && markers.some((edit) => edit.mark === mark)) lost += 1
        }
        for (const { mark } of tagged) if (!ids.includes(`annotation-${mark}`)) lost += 1
      }
      const storedBytes = final.map((room) => room.snapshotBytes + room.logBytes)
      const ratios = final.map((room, k) => storedBytes[k]! / room.freshBytes)
      // As a crash leaves it, before any compaction: the log rows are not yet folded.
      const uncompacted = after.map(
        (room) => (room.snapshotBytes + room.logBytes) / room.freshBytes,
      )
      for (const room of [...before, ...after, ...final]) room.doc.destroy()

      report('churn', {
        restarts,
        sigterm: restarts - killed,
        sigkill: killed,
        edits: writers.reduce((sum, w) => sum + w.markers.length + w.tagged.length, 0),
        acknowledged: acknowledgedEdits,
        annotations: stored.length,
        duplicated,
        lostAcknowledged: lost,
        idleRestartGrowthBytes: idleGrowth,
        contentStoredBytes: storedBytes[0]!,
        contentFreshBytes: content.freshBytes,
        annotationsStoredBytes: storedBytes[1]!,
        annotationsFreshBytes: annotations.freshBytes,
        logRowsLeft: content.logRows + annotations.logRows,
        maxRatio: Math.max(...ratios).toFixed(3),
        logRowsAfterKill: after.reduce((sum, room) => sum + room.logRows, 0),
        maxRatioAfterKill: Math.max(...uncompacted).toFixed(3),
        seconds: ((Date.now() - started) / 1000).toFixed(1),
      })
      expect(acknowledgedEdits).toBeGreaterThan(restarts * writerCount)
      expect(duplicated).toBe(0)
      expect(lost).toBe(0)
      expect(idleGrowth).toBe(0)
      for (const ratio of ratios) expect(ratio).toBeLessThanOrEqual(1.1)
    },
    timeout(120_000, 900_000),
  )
})
