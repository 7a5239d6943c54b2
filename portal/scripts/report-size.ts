/**
 * Prints each built chunk of the portal with its raw and gzip size, and what the ticket list
 * (the page customers land on) and the help centre's list and search pages load up front; fails
 * when any of them is over budget. Run after `vite build` (`npm run portal:size` does both).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The gzipped JavaScript the ticket list may load before it is usable. */
const budgetBytes = 100 * 1024;
const listRoute = 'src/views/TicketListView.vue';
/** Other pages people land on from outside (search engines, links in e-mails), under the same budget. */
const landingRoutes: Record<string, string> = {
  '/help': 'src/views/HelpCentreView.vue',
  '/help/search': 'src/views/HelpSearchView.vue',
  '/help/articles/:slug': 'src/views/HelpArticleView.vue',
};

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const dist = path.join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;

function sizes(file: string): { raw: number; gzip: number } {
  const content = readFileSync(path.join(dist, file));
  return { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

/** A chunk and everything it imports statically: what the browser must fetch before running it. */
function staticClosure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    staticClosure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
if (!entryKey || !manifest[listRoute])
  throw new Error(`The manifest lacks the entry or ${listRoute}; run \`npm run build:portal\` first.`);

const files = readdirSync(path.join(dist, 'assets'))
  .map((f) => `assets/${f}`)
  .sort();
console.log(`${'chunk'.padEnd(48)}${'raw'.padStart(9)}${'gzip'.padStart(9)}`);
for (const file of files) {
  const s = sizes(file);
  console.log(`${file.padEnd(48)}${kb(s.raw)}${kb(s.gzip)}`);
}

const initial = [...staticClosure([entryKey, listRoute])].map((k) => manifest[k]!);
const jsFiles = [...new Set(initial.map((c) => c.file))];
const cssFiles = [...new Set(initial.flatMap((c) => c.css ?? []))];
const js = jsFiles.map(sizes);
const css = cssFiles.map(sizes);
const total = (list: { raw: number; gzip: number }[]) =>
  list.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
const jsTotal = total(js);
const cssTotal = total(css);

console.log('');
console.log(
  `initial load of the ticket list (/tickets): ${[...jsFiles, ...cssFiles].map((f) => path.basename(f)).join(', ')}`,
);
console.log(`${'  JavaScript'.padEnd(48)}${kb(jsTotal.raw)}${kb(jsTotal.gzip)}`);
console.log(`${'  CSS'.padEnd(48)}${kb(cssTotal.raw)}${kb(cssTotal.gzip)}`);
console.log(`${'  budget for JavaScript (gzip)'.padEnd(57)}${kb(budgetBytes)}`);
if (jsTotal.gzip > budgetBytes) {
  console.error(
    `\nOver budget: the ticket list loads ${kb(jsTotal.gzip).trim()} of gzipped JavaScript; the budget is ${kb(budgetBytes).trim()}.`,
  );
  process.exit(1);
}
console.log(`\nWithin budget (${Math.round((jsTotal.gzip / budgetBytes) * 100)}%).`);

for (const [page, route] of Object.entries(landingRoutes)) {
  if (!manifest[route]) throw new Error(`The manifest lacks ${route}; run \`npm run build\` first.`);
  const chunks = [...staticClosure([entryKey, route])].map((k) => manifest[k]!);
  const pageJs = total([...new Set(chunks.map((c) => c.file))].map(sizes));
  const share = Math.round((pageJs.gzip / budgetBytes) * 100);
  console.log(
    `initial load of ${page}: JavaScript ${kb(pageJs.raw).trim()}, ${kb(pageJs.gzip).trim()} gzip (${share}%)`,
  );
  if (pageJs.gzip > budgetBytes) {
    console.error(`Over budget: ${page} loads ${kb(pageJs.gzip).trim()} of gzipped JavaScript.`);
    process.exit(1);
  }
}
