/**
 * Version ids: a short hash of the canonical text, so a version changes exactly when the text does.
 */
import { sha256 } from '@noble/hashes/sha256'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'

/** 'v' + the first 16 hex characters of sha256 of the text (UTF-8). */
export function versionId(text: string): string {
  return `v${bytesToHex(sha256(utf8ToBytes(text))).slice(0, 16)}`
}
