import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from './support/chromium.js';
import { mentionHandleOf } from '../domain/mentions.js';
import { eventually } from './support/eventually.js';
import { createKeyedUser, requestJson } from './support/fixtures.js';
import { createLifecycleWorld, isolateWorld, type LifecycleWorld } from './support/lifecycle-fixtures.js';
import { projectRoot } from './support/run-command.js';
import { newAccount } from './support/sign-in.js';
import { useTestStack } from './support/use-test-stack.js';

// Mentions in real Chromium: a colleague mentions an agent in an internal note; the agent finds it
// under "Mentions of you" on the dashboard, follows the link to the note and sees the mention
// highlighted. Screenshots go to test-artifacts/admin/.
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');

const stack = useTestStack({ isolatedDatabase: true });
let browser: Browser;
let world: LifecycleWorld;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  world = await createLifecycleWorld(stack.db);
  await isolateWorld(stack.db, world);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (email: string, returnTo: string): Promise<Page> =>
  signedInPage(browser, stack.baseUrl, email, returnTo);

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

describe('mentions in Chromium', () => {
  it('an agent finds a mention on the dashboard, follows it to the note and sees it highlighted', async () => {
    const agent = newAccount(stack, 'agent');
    const page = await signInPage(agent.email, '/admin');
    await page.getByTestId('mentions').getByText('No one has mentioned you in a note yet.').waitFor();

    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Invoice shows the old address', description: 'Please fix the March invoice.' },
    });
    const ticket = created.body as { id: number; number: string };
    // A long conversation first, so the link has to scroll to the note.
    for (let i = 1; i <= 8; i++) {
      const reply = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
        headers: world.staff.auth,
        body: {
          body: `Update ${i}: still looking into it.\n\nMore detail on line two.\n\nAnd three.`,
          internal: i % 2 === 0,
        },
      });
      expect(reply.status).toBe(201);
    }
    const mention = `@${mentionHandleOf(agent.email)}`;
    const note = await requestJson(`${stack.baseUrl}/api/tickets/${ticket.id}/messages`, {
      headers: world.staff.auth,
      body: { body: `${mention} could you check the address with billing? (not bob@example.com)`, internal: true },
    });
    expect(note.status).toBe(201);
    await eventually(async () =>
      expect(
        await stack.db('notifications').where({ ticket_id: ticket.id, template: 'mentioned', kind: 'in_app' }),
      ).toHaveLength(1),
    );

    await page.reload();
    const link = page.getByTestId('mentions').getByTestId('mention-link');
    await link.waitFor();
    expect(await link.textContent()).toContain(`[${ticket.number}] ${world.staff.user.name} mentioned you`);
    await shot(page, 'mentions-dashboard');
    await link.click();
    await page.waitForURL((url) => url.hash === `#message-${note.body.id}`);
    const noteBox = page.locator(`#message-${note.body.id}`);
    await noteBox.getByTestId('mention').waitFor();
    expect(await noteBox.getByTestId('mention').allTextContents()).toEqual([mention]);
    // The address in the same note is text, not a mention.
    expect(await noteBox.textContent()).toContain('bob@example.com');
    // The link scrolled the page to the note once the conversation came in.
    await eventually(async () => {
      const inView = await noteBox.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
      expect(inView, 'the linked note is scrolled into view').toBe(true);
    });
    await shot(page, 'mentions-note-highlighted');
  });

  it('an agent writing a note is offered staff to mention as they type @, and the one chosen is notified', async () => {
    const writer = newAccount(stack, 'agent');
    const colleague = (await createKeyedUser(stack.db, 'agent')).user;
    const handle = mentionHandleOf(colleague.email);
    const created = await requestJson(`${stack.baseUrl}/api/tickets`, {
      headers: world.customer.auth,
      body: { title: 'Label printer prints blank', description: 'Since this morning.' },
    });
    expect(created.status).toBe(201);
    const page = await signInPage(writer.email, `/admin/resources/tickets/records/${created.body.id}/internalNote`);
    await page.locator('[data-testid=command-internalNote][data-loaded=yes]').waitFor();
    const box = page.locator('#field-body');
    await box.click();
    await box.pressSequentially(`Could @${handle.slice(0, -1)}`);
    const option = page.getByTestId('mention-suggestions').getByRole('option', { name: new RegExp(`@${handle}\\b`) });
    await option.waitFor();
    expect(await option.textContent()).toContain(colleague.name);
    await shot(page, 'mentions-suggestions');
    await option.click();
    await box.pressSequentially('have a look?');
    expect(await box.inputValue()).toBe(`Could @${handle} have a look?`);
    expect(await page.getByTestId('mention-suggestions').count()).toBe(0);

    await page.getByTestId('command-submit').click();
    await eventually(async () =>
      expect(
        await stack.db('notifications').where({
          ticket_id: created.body.id,
          template: 'mentioned',
          kind: 'in_app',
          recipient_user_id: colleague.id,
        }),
      ).toHaveLength(1),
    );
  });
});
