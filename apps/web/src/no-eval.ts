/**
 * Imported first by the browser entry, before any module that builds a zod schema: the page's
 * Content Security Policy allows no `eval`, and zod probes for it with `new Function('')` when
 * its first object schema is built (to compile fast parsers), which the browser reports as a
 * CSP violation. Telling zod up front to parse without compiling skips the probe; parsing is
 * the same, since under this policy the probe would fail anyway.
 */

/** Where zod 4 keeps its settings, so they can be given before zod itself is loaded. */
interface ZodSettingsHolder {
  __zod_globalConfig?: { jitless?: boolean }
}

const holder = globalThis as ZodSettingsHolder
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true }
