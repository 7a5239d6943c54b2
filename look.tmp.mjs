import { chromium } from 'playwright-core';
const base = process.env.BASE ?? 'http://localhost:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(`${base}/admin`);
await page.fill('input[name=email]', process.env.WHO ?? 'admin@ticketflow.example');
await page.fill('input[name=password]', 'demo');
await page.click('button[type=submit]');
await page.waitForURL(/\/admin/);
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shots/dashboard.png' });
for (const [name, path] of (process.env.PAGES ?? 'tickets=/admin/resources/tickets').split(' ').map((p) => p.split('='))) {
  await page.goto(`${base}${path}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
}
await browser.close();
