// Runs axe-core on every HTML page of a built site in headless Debian Chromium (never a
// downloaded browser) and fails on serious or critical violations.
// Usage: node axe.mjs SITE_DIR
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const site = resolve(process.argv[2] || 'site');

function pages(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return pages(p);
    return name.endsWith('.html') ? [p] : [];
  });
}

// Serve the site on loopback, so pages load as they would when published.
const types = { html: 'text/html; charset=utf-8', css: 'text/css', svg: 'image/svg+xml',
  woff2: 'font/woff2', csv: 'text/csv', json: 'application/json', png: 'image/png' };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = join(site, path);
  if (!file.startsWith(site)) { res.writeHead(400); res.end(); return; }
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[file.split('.').pop()] || 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
const all = pages(site);
for (const file of all) {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ colorScheme: scheme });
    const url = base + file.slice(site.length).split('\\').join('/');
    // A page that redirects (meta refresh) is checked as it is, before it leaves.
    await page.route('**/*', (route) => (route.request().isNavigationRequest() && route.request().url() !== url
      ? route.fulfill({ status: 204 }) : route.continue()));
    await page.goto(url);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await window.axe.run(document, {
      resultTypes: ['violations'],
    }));
    for (const v of result.violations) {
      const bad = v.impact === 'serious' || v.impact === 'critical';
      if (bad) failures += 1;
      console.log(`${bad ? 'FAIL' : 'note'} [${scheme}] ${file.slice(site.length + 1)}: ${v.id} (${v.impact}) ${v.help}`);
      for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(' ')}`);
    }
    await page.close();
  }
}
await browser.close();
server.close();
console.log(`axe: ${all.length} pages, light and dark; ${failures} serious or critical violations`);
process.exit(failures ? 1 : 0);
