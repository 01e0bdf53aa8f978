/**
 * The settings route: editors choose the citation style a document's exports default to.
 */
import { parseCitationStyle } from '@warrant/export'
import { Hono } from 'hono'
import { z } from 'zod'
import { type AppEnv, requireRole } from '../auth'
import type { Library } from '../library'
import { readBody } from './body'
import { documentOf } from './documents'

const putSettingsRequest = z.strictObject({
  citationStyle: z.string({ error: 'a citation style name, or null for the default' }).nullable(),
})

/** `GET|PUT /documents/:id/settings` (PUT: editors and owners), mounted under /api. */
export function settingsRoutes(library: Library): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/documents/:id/settings', async (c) => {
    const stored = await documentOf(c, library)
    return c.json({ settings: await library.settings(stored.id) })
  })
  app.put('/documents/:id/settings', async (c) => {
    const stored = await documentOf(c, library)
    const access = requireRole(c, 'editor')
    const { citationStyle } = await readBody(c, putSettingsRequest)
    // An unknown style is refused with the list of known ones (400) before anything is written.
    const style = citationStyle === null ? null : parseCitationStyle(citationStyle)
    const settings = await library.setSettings(stored.id, { citationStyle: style })
    library.audit.recordRequest(access, {
      document: stored.id,
      action: 'settings.update',
      detail: { citationStyle: style },
    })
    return c.json({ settings })
  })
  return app
}
