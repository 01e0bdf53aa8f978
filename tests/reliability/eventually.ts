/**
 * Waiting for a state that is reached over the network (clients reconnected and re-sent their
 * work, replicas quiesced) when no single event announces it: the condition is polled until it
 * holds, or until a deadline passes and the caller checks and reports what it finds either way.
 */
import { setTimeout as sleep } from 'node:timers/promises'

/** Options of eventually. */
export interface EventuallyOptions {
  /** How long to keep polling, in ms. */
  within: number
  /** The pause between polls, in ms (default 50). */
  every?: number
}

/** Polls `condition` until it holds (true) or `within` ms have passed (false). */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  options: EventuallyOptions,
): Promise<boolean> {
  const deadline = Date.now() + options.within
  for (;;) {
    if (await condition()) return true
    if (Date.now() >= deadline) return false
    await sleep(options.every ?? 50)
  }
}

/** Polls `condition` every `every` ms until it holds; the test's own timeout bounds the wait. */
export async function until(condition: () => boolean, every = 50): Promise<void> {
  while (!condition()) await sleep(every)
}
