import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousAccessibilityViolations } from './accessibility.js';
import { projectRoot } from './run-command.js';

/** Where browser tests keep their screenshots (gitignored). */
export const portalArtifacts = path.join(projectRoot, 'test-artifacts', 'portal');

/** The widths every main page is checked and photographed at. */
export const viewports = { desktop: { width: 1280, height: 900 }, mobile: { width: 360, height: 740 } } as const;

/**
 * Checks a page as people meet it: no serious or critical axe-core violations, no sideways
 * scrolling at 360 px, and a full-page screenshot at desktop and mobile width.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await mkdir(portalArtifacts, { recursive: true });
  expect(await seriousAccessibilityViolations(page), `accessibility of ${name}`).toEqual([]);
  await page.screenshot({ path: path.join(portalArtifacts, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(viewports.mobile);
  const overflow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(overflow.scrollWidth, `${name} scrolls sideways at ${overflow.viewport} px`).toBeLessThanOrEqual(
    overflow.viewport,
  );
  expect(await seriousAccessibilityViolations(page), `accessibility of ${name} at 360 px`).toEqual([]);
  await page.screenshot({ path: path.join(portalArtifacts, `${name}-mobile.png`), fullPage: true });
  await page.setViewportSize(viewports.desktop);
}
