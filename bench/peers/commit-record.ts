/**
 * What a peer server process of the durability scenario records of itself, since neither peer
 * tells its clients what it has stored: when each update was received and when the write that
 * holds it finished, on the machine-wide clock. On SIGUSR2 the record is written as JSON to the
 * file named by DURABILITY_REPORT, for the harness to read.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { machineNow } from '../processes'

/** An update received, and when the write holding it finished (NaN: not yet). */
export type Receipt = [receivedAt: number, committedAt: number]

const receipts: Receipt[] = []

/** Records an update received now; mark it with `committed` once its write has finished. */
export function received(): Receipt {
  const receipt: Receipt = [machineNow(), Number.NaN]
  receipts.push(receipt)
  return receipt
}

/** Marks updates as committed now. */
export function committed(...done: Receipt[]): void {
  const now = machineNow()
  for (const receipt of done) receipt[1] = now
}

const reportFile = process.env.DURABILITY_REPORT
if (reportFile) {
  process.on('SIGUSR2', () => {
    // Written to a temporary name first, so the harness never reads half a file.
    writeFileSync(`${reportFile}.part`, JSON.stringify(receipts))
    renameSync(`${reportFile}.part`, reportFile)
  })
}
