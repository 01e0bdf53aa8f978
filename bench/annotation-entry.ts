/**
 * The annotation-sized map entry the sync scenarios write (fan-out, durability): what a reader's
 * annotation weighs on the wire, without the content it would anchor in.
 */
import type { Random } from './measure'

const note = 'A passage on the 2024 trade figures, coded for later comparison. '.repeat(2)

/** An entry for reader `index`, anchored at a random place of a 10,000-character text. */
export function annotationEntry(random: Random, index: number): Record<string, unknown> {
  const at = random.int(0, 10_000)
  return {
    kind: 'quote',
    anchor: { start: at, end: at + random.int(5, 200) },
    codes: ['trade', 'sanctions'],
    note,
    author: `reader-${index}`,
    created: Date.now(),
  }
}
