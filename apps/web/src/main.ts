/** The browser entry: fonts and styles, the token from a share link, and the routes. */
import '@fontsource/source-serif-4/400.css'
import '@fontsource/source-serif-4/400-italic.css'
import '@fontsource/source-serif-4/600.css'
import './styles.css'
// Before any module that builds a zod schema: see no-eval.ts.
import './no-eval'
import { documentPage } from './document-page'
import { documentsPage } from './documents-page'
import { startRouter } from './router'
import { openSession, takeTokenFromUrl } from './session'

takeTokenFromUrl()
void openSession().then(() =>
  startRouter(document.getElementById('app')!, [
    { pattern: '/', page: documentsPage },
    { pattern: '/d/:id', page: documentPage },
  ]),
)
