/** The browser entry: fonts and styles, the token from a share link, and the routes. */
import '@fontsource/source-serif-4/400.css'
import '@fontsource/source-serif-4/400-italic.css'
import '@fontsource/source-serif-4/600.css'
import './styles.css'
import { documentPage } from './document-page'
import { documentsPage } from './documents-page'
import { startRouter } from './router'
import { takeTokenFromUrl } from './session'

takeTokenFromUrl()
startRouter(document.getElementById('app')!, [
  { pattern: '/', page: documentsPage },
  { pattern: '/d/:id', page: documentPage },
])
