/**
 * Turning a source's bytes into text. Markdown and plain text must be UTF-8 (a file in another
 * encoding would import as mojibake nobody can cite), and no text source holds NUL characters:
 * a binary file sent as text is refused as corrupt rather than imported as noise.
 */
import { ImportError } from './importing'

/** `bytes` as UTF-8 text without its byte order mark; ImportError 'corrupt' when not UTF-8 text. */
export function decodeUtf8(bytes: Uint8Array, what = 'file'): string {
  let text: string
  try {
    // The decoder drops a leading byte order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportError('corrupt', `the ${what} is not valid UTF-8 text`)
  }
  return refuseBinary(text, what)
}

/** `text` without a leading byte order mark; ImportError 'corrupt' when it holds NUL characters. */
export function refuseBinary(text: string, what = 'file'): string {
  if (text.includes('\u0000')) {
    throw new ImportError('corrupt', `the ${what} is not text (it contains NUL characters)`)
  }
  return text.replace(/^\uFEFF/, '')
}
