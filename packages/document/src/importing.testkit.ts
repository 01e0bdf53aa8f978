/**
 * What the importers' tests share: the ImportError a refused import throws (or rejects with),
 * so each test asserts on its code and message.
 */
import { ImportError } from './importing'

/** The ImportError `run` throws or rejects with; fails if it succeeds or throws anything else. */
export async function refusal(run: () => unknown): Promise<ImportError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof ImportError) return error
    throw error
  }
  throw new Error('the import was not refused')
}
