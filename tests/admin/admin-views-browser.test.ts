import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, signedInPage } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../db/users.js';
import type { DevAccount } from '../../dev/dev-idp.js';
import { projectRoot } from '../support/run-command.js';
import { newAccount } from '../support/sign-in.js';
import { useTestStack } from '../support/use-test-stack.js';

// The Views page of the back office in real Chromium: counts beside each view, a view's tickets,
// a manager saving the current filters as a view shared with a team, and an agent of that team
// finding it. Tickets are rows in the states the workflows would leave them in (no worker runs).
const artifacts = path.join(projectRoot, 'test-artifacts', 'admin');

const stack = useTestStack({ isolatedDatabase: true, worker: false });
let browser: Browser;
let agent: DevAccount;
let manager: DevAccount;
let teamName: string;

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  agent = newAccount(stack, 'agent');
  manager = newAccount(stack, 'manager');
  // Known before they first sign in (as an admin would have created them): sign-in links by e-mail.
  const [agentRow, managerRow, customer] = await Promise.all([
    insertUser(stack.db, { email: agent.email, name: agent.name, role: 'agent' }),
    insertUser(stack.db, { email: manager.email, name: manager.name, role: 'manager' }),
    insertUser(stack.db, { email: 'views-customer@test.example', name: 'Cara Customer', role: 'customer' }),
  ]);
  teamName = 'Hardware desk';
  const [team] = await stack.db('teams').insert({ name: teamName }).returning('id');
  await stack.db('team_members').insert({ team_id: team.id, user_id: agentRow.id });
  const ticket = (title: string, more: Record<string, unknown>) => ({
    title,
    description: 'Seeded for the views page',
    requester_id: customer.id,
    team_id: team.id,
    ...more,
  });
  await stack.db('tickets').insert([
    ticket('Printer jam', { status: 'open', priority: 'urgent', assignee_id: agentRow.id }),
    ticket('VPN down', { status: 'new', priority: 'urgent' }),
    ticket('Password reset', { status: 'new', priority: 'normal' }),
    ticket('Old invoice', {
      status: 'pending',
      assignee_id: agentRow.id,
      updated_at: new Date(Date.now() - 5 * 86_400_000),
    }),
    ticket('Done and dusted', { status: 'closed', assignee_id: managerRow.id }),
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signInPage = (email: string, returnTo: string) =>
  signedInPage(browser, stack.baseUrl, email, returnTo, { width: 1400, height: 1000 });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
const ticketTitles = async (page: Page) =>
  (await page.locator('[data-testid=view-ticket] td:nth-child(2)').allTextContents()).sort();
// The table fills in after the view is chosen: wait until it shows these titles (in any order).
const showsTickets = (page: Page, titles: string[]) =>
  expect.poll(() => ticketTitles(page), { timeout: 15_000 }).toEqual([...titles].sort());
const countOf = (page: Page, viewId: string) => page.getByTestId(`view-count-${viewId}`).textContent();

describe('the Views page in Chromium', () => {
  it('a manager sees counts, opens a view, and saves its filters as a view shared with a team', async () => {
    const page = await signInPage(manager.email, '/admin');
    // Found in the sidebar, as a new manager would.
    await page.locator('a[href$="/admin/pages/views"]').first().click();
    await page.waitForURL(/\/admin\/pages\/views/);
    await page.getByTestId('view-all-open').waitFor();
    expect(await countOf(page, 'all-open')).toBe('4');
    expect(await countOf(page, 'waiting-for-customer-3d')).toBe('1');
    expect(await countOf(page, 'my-open')).toBe('0');
    await page.getByTestId('view-empty').waitFor(); // "My open tickets" first: nothing assigned to the manager

    await page.getByTestId('view-all-open').click();
    await page.getByTestId('view-title').getByText('All open · 4 tickets').waitFor();
    await showsTickets(page, ['Old invoice', 'Password reset', 'Printer jam', 'VPN down']);
    await shot(page, 'views-all-open');

    await page.getByTestId('view-waiting-for-customer-3d').click();
    await page.getByTestId('view-title').getByText('Waiting for customer > 3 days · 1 tickets').waitFor();
    await showsTickets(page, ['Old invoice']);

    await page.getByTestId('view-all-open').click();
    await page.getByTestId('view-title').getByText('All open · 4 tickets').waitFor();
    await page.getByTestId('view-form-priority').getByLabel('urgent').check();
    await page.getByTestId('view-form-name').fill('Urgent hardware');
    await page.getByTestId('view-form-share').selectOption({ label: teamName });
    await page.getByTestId('view-form-save').click();
    await page.getByTestId('view-notice').getByText('Saved "Urgent hardware" (2 tickets).').waitFor();
    await page.getByTestId('view-title').getByText('Urgent hardware · 2 tickets').waitFor();
    await page.getByText(`shared with ${teamName}`).waitFor();
    await showsTickets(page, ['Printer jam', 'VPN down']);
    await shot(page, 'views-saved-shared');

    // The same name again: the API's answer names the field.
    await page.getByTestId('view-form-name').fill('Urgent hardware');
    await page.getByTestId('view-form-save').click();
    await page
      .getByTestId('view-form-error')
      .getByText(/name: you already have a view called/)
      .waitFor();
  });

  it('an agent of that team finds the shared view beside their own counts, and saves a personal one', async () => {
    const page = await signInPage(agent.email, '/admin/pages/views');
    await page.getByTestId('view-my-open').waitFor();
    expect(await countOf(page, 'my-open')).toBe('2');
    expect(await countOf(page, 'unassigned-in-my-teams')).toBe('2');
    const shared = page.getByRole('button', { name: /Urgent hardware/ });
    await shared.waitFor();
    await shared.click();
    await page.getByTestId('view-title').getByText('Urgent hardware · 2 tickets').waitFor();
    await page.getByText(`shared with ${teamName}`).waitFor();
    await showsTickets(page, ['Printer jam', 'VPN down']);
    expect(await page.getByTestId('view-form-share').count()).toBe(0); // agents save for themselves only
    expect(await page.getByTestId('view-delete').count()).toBe(0); // not theirs to delete
    expect(await page.getByTestId('view-form-update').count()).toBe(0); // nor to change

    await page.getByTestId('view-my-open').click();
    await page.getByTestId('view-title').getByText('My open tickets · 2 tickets').waitFor();
    await page.getByTestId('view-form-status').getByLabel('pending').uncheck();
    await page.getByTestId('view-form-name').fill('My active');
    await page.getByTestId('view-form-save').click();
    await page.getByTestId('view-title').getByText('My active · 1 tickets').waitFor();
    await showsTickets(page, ['Printer jam']);
    await shot(page, 'views-agent-personal');

    // The ticket number leads to the ticket's page in the back office.
    await page.getByTestId('view-ticket').first().locator('a').click();
    await page.waitForURL(/\/admin\/resources\/tickets\/records\/\d+\/show/);
  });

  it('the manager renames the shared view, takes it back from the team, and the agent no longer has it', async () => {
    const page = await signInPage(manager.email, '/admin/pages/views');
    await page.getByRole('button', { name: /Urgent hardware/ }).click();
    await page.getByTestId('view-title').getByText('Urgent hardware · 2 tickets').waitFor();
    expect(await page.getByTestId('view-form-name').inputValue()).toBe('Urgent hardware');
    await page.getByTestId('view-form-name').fill('Urgent, mine only');
    await page.getByTestId('view-form-share').selectOption({ label: 'Only me' });
    await page.getByTestId('view-form-update').click();
    await page.getByTestId('view-notice').getByText('Saved "Urgent, mine only" (2 tickets).').waitFor();
    await page.getByTestId('view-title').getByText('Urgent, mine only · 2 tickets').waitFor();
    expect(await page.getByText(`shared with ${teamName}`).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Urgent hardware/ }).count()).toBe(0);
    await shot(page, 'views-renamed-unshared');

    const agentPage = await signInPage(agent.email, '/admin/pages/views');
    await agentPage.getByTestId('view-my-open').waitFor();
    await agentPage.getByRole('button', { name: /My active/ }).waitFor();
    expect(await agentPage.getByRole('button', { name: /Urgent/ }).count()).toBe(0);
  });
});
