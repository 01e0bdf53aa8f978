/**
 * Tests that need an outside service (PostgreSQL, Redis): whether it answers, and what to do
 * when it does not. Under CI (or with WARRANT_REQUIRE_SERVICES set) an unreachable service fails
 * the tests; elsewhere they are skipped, and one line says which and why.
 */

/** Options of a service check. */
export interface ServiceCheckOptions {
  /** The service's name, as the message shows it ("PostgreSQL"). */
  name: string
  /** Where it was looked for, without secrets (a URL with its password removed). */
  address: string
  /** The tests skipped when it is unreachable, as the message shows them. */
  tests: string
  /** What to do about it, added to the skip line ("set DATABASE_URL to another server"). */
  hint?: string
  /** Resolves once the service answers; rejects when it does not. */
  probe: () => Promise<void>
  /** How long the probe may take, in ms; default 3000. */
  timeoutMs?: number
}

/** Whether an unreachable service must fail the tests rather than skip them. */
export function servicesRequired(): boolean {
  return Boolean(process.env.CI || process.env.WARRANT_REQUIRE_SERVICES)
}

/**
 * Whether the service answers. When it does not, throws if services are required (failing the
 * test file with the reason) and otherwise prints one line naming the skipped tests.
 */
export async function serviceAvailable(options: ServiceCheckOptions): Promise<boolean> {
  const reason = await unreachable(options)
  if (reason === null) return true
  const message = `${options.name} at ${options.address} is unreachable (${reason})`
  if (servicesRequired()) {
    throw new Error(
      `${message}: ${options.tests} cannot run, and CI or WARRANT_REQUIRE_SERVICES requires them`,
    )
  }
  const hint = options.hint ? `; ${options.hint}` : ''
  console.warn(`[services] skipped ${options.tests}: ${message}${hint}`)
  return false
}

/** Why the probe failed, or null when the service answered in time. */
async function unreachable(options: ServiceCheckOptions): Promise<string | null> {
  const timeoutMs = options.timeoutMs ?? 3000
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs)
  })
  try {
    return await Promise.race([
      options.probe().then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'refused',
      ),
      expired,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** A connection URL with its password, if any, replaced by `***`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(an unparsable URL)'
  }
}
