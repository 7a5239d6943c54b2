import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from './support/chromium.js';
import { eventually } from './support/eventually.js';
import { requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld } from './support/lifecycle-fixtures.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// Merge in real Chromium: an agent merges a duplicate with "Merge into…" on its page, typing the
// target's number; the target's page then shows the duplicate's request. (The old guest link's follow is
// tested in the portal in tests/portal-browser.test.ts, and through the API in tests/ticket-merge.test.ts.)
// Screenshots go to test-artifacts/admin/.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');

const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
const email = `merge-browser-${Date.now()}@guest.example`;
let target: { id: number; number: string };
let duplicate: { id: number; number: string };

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  const world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  for (const title of ['Badge reader dead', 'Badge reader still dead']) {
    const res = await requestJson(`${stack.baseUrl}/api/guest/tickets`, {
      body: { name: 'Gwen Guest', email, title, description: 'The door stays shut.' },
    });
    expect(res.status).toBe(201);
  }
  target = await stack.db('tickets').where({ title: 'Badge reader dead' }).first('id', 'number');
  duplicate = await stack.db('tickets').where({ title: 'Badge reader still dead' }).first('id', 'number');
  await eventually(async () =>
    expect(
      await stack.db('ticket_events').whereIn('ticket_id', [target.id, duplicate.id]).where({ type: 'assigned' }),
    ).toHaveLength(2),
  );
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (account: string, returnTo: string): Promise<Page> =>
  signedInPage(browser, stack.baseUrl, account, returnTo);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('merge in Chromium', () => {
  it("an agent merges a duplicate by the target's number and finds its request on the target's page", async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, `/admin/resources/tickets/records/${duplicate.id}/show`);
    // The ticket's actions all fit on the page, none over the title (AdminJS would run them off the edge).
    const title = await page.locator('.adminjs_ActionHeader h2').boundingBox();
    const viewport = page.viewportSize()!;
    const buttons = page.locator('.adminjs_ActionHeader .adminjs_ButtonGroupItem');
    expect(await buttons.count()).toBeGreaterThan(5);
    for (const button of await buttons.all()) {
      const box = (await button.boundingBox())!;
      expect(box.x + box.width, (await button.textContent()) ?? undefined).toBeLessThanOrEqual(viewport.width);
      const overTitle =
        box.x < title!.x + title!.width &&
        title!.x < box.x + box.width &&
        box.y < title!.y + title!.height &&
        title!.y < box.y + box.height;
      expect(overTitle, `${await button.textContent()} over the title`).toBe(false);
    }
    await page.getByTestId('action-mergeInto').click();
    await page.waitForSelector('[data-testid=command-mergeInto]');
    // A ticket cannot be merged into itself: the form says so and nothing changes.
    await page.fill('#field-into', duplicate.number);
    await page.getByTestId('command-submit').click();
    await page.getByTestId('command-error').getByText('A ticket cannot be merged into itself.').waitFor();
    await shot(page, 'merge-refused');

    await page.fill('#field-into', target.number);
    await page.getByTestId('command-submit').click();
    await page.getByText(`${duplicate.number} merged.`).first().waitFor();
    await shot(page, 'merge-done');
    await eventually(async () =>
      expect(await stack.db('tickets').where({ id: duplicate.id }).first()).toMatchObject({
        status: 'closed',
        merged_into_ticket_id: target.id,
      }),
    );

    // The target's page shows the duplicate's request in its conversation, marked where it came from.
    await page.goto(`${stack.baseUrl}/admin/resources/tickets/records/${target.id}/show`);
    await page.getByTestId('conversation').getByText('Badge reader still dead').first().waitFor();
    const mark = page.getByTestId('conversation').getByTestId('merged-from').first();
    expect(await mark.textContent()).toContain(`merged from ${duplicate.number}`);
    await shot(page, 'merge-target');
    // The mark leads back to the duplicate, which says where it went.
    await mark.getByRole('link').click();
    await page.waitForURL((url) => url.pathname.endsWith(`/tickets/records/${duplicate.id}/show`));
  });
});
