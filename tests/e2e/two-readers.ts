/**
 * Two readers, Ada and Ben, each in a browser context of their own, on a server started for one
 * test file with a build of the web app: the stage of the browser tests that watch one reader's
 * work reach the other. Errors thrown in either page are collected for the final check.
 */
import { rm } from 'node:fs/promises'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server'
import { buildWeb, launchBrowser, openContext } from './browser'

/** Options of openTwoReaders. */
export interface TwoReadersOptions {
  /** Extra environment variables for the server process. */
  env?: Record<string, string>
}

/** The server, the browser and the two readers' contexts and pages. */
export interface TwoReaders {
  server: TestServer
  browser: Browser
  adaContext: BrowserContext
  benContext: BrowserContext
  ada: Page
  ben: Page
  /** Messages of the errors thrown in any page watched with `watch`. */
  pageErrors: string[]
  /** Collects the errors a page (a new one, say, after a context was reopened) throws. */
  watch(page: Page): void
  /** Closes the browser, stops the server and removes the build. */
  close(): Promise<void>
}

/** Builds the web app, starts a server on it and opens Ada's and Ben's pages (blank). */
export async function openTwoReaders(options: TwoReadersOptions = {}): Promise<TwoReaders> {
  const webDist = await buildWeb()
  const server = await startServer({ env: { WARRANT_WEB_DIST: webDist, ...options.env } })
  const browser = await launchBrowser()
  const adaContext = await openContext(browser)
  const benContext = await openContext(browser)
  const pageErrors: string[] = []
  const watch = (page: Page): void => {
    page.on('pageerror', (error) => pageErrors.push(error.message))
  }
  const ada = await adaContext.newPage()
  const ben = await benContext.newPage()
  watch(ada)
  watch(ben)
  return {
    server,
    browser,
    adaContext,
    benContext,
    ada,
    ben,
    pageErrors,
    watch,
    async close() {
      await browser.close()
      await server.stop()
      await rm(webDist, { recursive: true, force: true })
    },
  }
}
