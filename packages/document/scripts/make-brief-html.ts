/**
 * Generates fixtures/brief.html, the KIEP brief as a publisher's web page would serve it: the
 * Markdown brief rendered with markdown-it inside site navigation, a header, a footer, a sidebar,
 * citation meta tags, and everything a hostile page carries (scripts, an `onclick`, a
 * `javascript:` link, a style, an iframe, a form). The HTML importer must give back the brief's
 * text and none of the rest. Run: `npx tsx packages/document/scripts/make-brief-html.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import MarkdownIt from 'markdown-it'
import { parseMarkdown } from '../src/markdown'

const briefPath = new URL(
  '../../../documents/kiep-north-korea-foreign-relations-2024.md',
  import.meta.url,
)
const fixturePath = new URL('../fixtures/brief.html', import.meta.url)
const pageUrl = 'https://www.kiep.go.kr/briefs/north-korea-foreign-relations-2024'

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Replaces the first `find` of `html` with `replace`, and fails loudly when the brief changed. */
function inject(html: string, find: string, replace: string): string {
  const at = html.indexOf(find)
  if (at < 0) throw new Error(`the brief no longer contains ${JSON.stringify(find)}`)
  return html.slice(0, at) + replace + html.slice(at + find.length)
}

/** The article: the brief's body as markdown-it renders it, with hostile and harmless markup woven in. */
function article(markdown: string): string {
  const body = markdown.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '')
  let html = new MarkdownIt('commonmark', { html: false }).render(body)
  html = inject(
    html,
    "<p>North Korea's foreign relations in 2024 are in flux.",
    `<p onclick="window.__xss = 'onclick ran'">North Korea's foreign relations in 2024 are in flux.`,
  )
  html = inject(
    html,
    'UN Security Council',
    `<a href="javascript:window.__xss = 'link ran'" onmouseover="window.__xss = 'hover ran'">UN Security Council</a>`,
  )
  html = inject(
    html,
    'UNSCR 2397',
    '<a href="https://undocs.org/S/RES/2397(2017)" title="Resolution 2397">UNSCR 2397</a>',
  )
  html = inject(html, 'self-sanctioning', '<em>self-sanctioning</em>')
  html = inject(
    html,
    '<p>The biggest reason cited by experts',
    [
      `<script>window.__xss = 'inline script ran'; document.write('SCRIPT-TEXT-LEAK')</script>`,
      '<noscript><p>NOSCRIPT-TEXT-LEAK: enable JavaScript to see the charts.</p></noscript>',
      '<iframe src="https://ads.example.com/frame" title="Advertisement">IFRAME-TEXT-LEAK</iframe>',
      `<img src="/static/chart.png" alt="" onerror="window.__xss = 'img ran'">`,
      '<p>The biggest reason cited by experts',
    ].join('\n'),
  )
  return html
}

/** The whole page of the brief, from the Markdown source. */
export function briefHtml(markdown: string): string {
  const { record } = parseMarkdown(markdown)
  const title = String(record.title)
  const publisher = String(record.publisher)
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | KIEP Policy Briefs</title>
<meta name="description" content="${escapeHtml("How UN sanctions, the border closure and summits with Russia, China and Japan shape North Korea's economy in 2024.")}">
<meta name="citation_title" content="${escapeHtml(title)}">
<meta name="citation_author" content="Choi, Jangho">
<meta name="citation_publication_date" content="2024">
<meta name="citation_publisher" content="${escapeHtml(publisher)}">
<meta name="citation_technical_report_institution" content="${escapeHtml(publisher)}">
<meta property="og:title" content="${escapeHtml(title)}">
<meta property="og:site_name" content="KIEP">
<meta property="og:url" content="${pageUrl}">
<link rel="canonical" href="${pageUrl}">
<link rel="stylesheet" href="/static/site.css">
<style>
body { font-family: Georgia, serif; }
.brief p::before { content: "STYLE-TEXT-LEAK"; }
</style>
<script>window.__xss = 'head script ran'</script>
</head>
<body onload="window.__xss = 'onload ran'">
<header class="site-header">
<a class="logo" href="/">KIEP</a>
<p class="tagline">Korea Institute for International Economic Policy — NAV-TEXT-LEAK tagline</p>
<form class="search" action="/search"><input name="q" placeholder="Search briefs"><button type="submit">Search</button></form>
</header>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="/">Home</a></li>
<li><a href="/research">Research</a></li>
<li><a href="/briefs">Policy Briefs (NAV-TEXT-LEAK)</a></li>
<li><a href="/events">Events</a></li>
<li><a href="/about">About KIEP</a></li>
</ul>
</nav>
<main>
<article class="brief">
${article(markdown)}</article>
<aside class="related">
<h2>Related briefs (ASIDE-TEXT-LEAK)</h2>
<ul>
<li><a href="/briefs/china-economy-2024">China's Economy in 2024</a></li>
<li><a href="/briefs/russia-sanctions">Sanctions on Russia, Two Years On</a></li>
</ul>
</aside>
</main>
<footer class="site-footer">
<p>© 2024 Korea Institute for International Economic Policy. All rights reserved. FOOTER-TEXT-LEAK</p>
<p><a href="/privacy">Privacy policy</a> · www.kiep.go.kr</p>
</footer>
<script>document.querySelectorAll('p').forEach((p) => p.addEventListener('click', () => { window.__xss = 'listener ran' }))</script>
</body>
</html>
`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(fixturePath, briefHtml(readFileSync(briefPath, 'utf8')))
  console.log(`Wrote ${fileURLToPath(fixturePath)}`)
}
