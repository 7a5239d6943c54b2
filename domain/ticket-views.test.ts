import { describe, expect, it } from 'vitest';
import { builtInViews, findBuiltInView, savedViewNumber } from './built-in-views.js';
import { createViewInput, viewFilters, viewIdQuery, viewSort } from './ticket-views.js';

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('the built-in views', () => {
  it('are the five every helpdesk has, each a valid view', () => {
    expect(builtInViews.map((v) => v.name)).toEqual([
      'My open tickets',
      'Unassigned in my teams',
      'Breaching within 1 hour',
      'Waiting for customer > 3 days',
      'All open',
    ]);
    for (const view of builtInViews) {
      expect(viewFilters.parse(view.filters)).toEqual(view.filters);
      expect(viewSort.parse(view.sort)).toEqual(view.sort);
    }
    expect(new Set(builtInViews.map((v) => v.id)).size).toBe(builtInViews.length);
  });

  it('say what each shows', () => {
    expect(findBuiltInView('my-open')?.filters).toEqual({
      assigneeId: 'me',
      status: ['new', 'open', 'pending', 'on_hold'],
    });
    expect(findBuiltInView('unassigned-in-my-teams')?.filters).toMatchObject({ assigneeId: 'none', teamId: 'mine' });
    // A paused clock (pending, on hold) cannot breach, so only running clocks count.
    expect(findBuiltInView('breaching-within-1h')?.filters).toEqual({
      status: ['new', 'open'],
      slaDueWithinMinutes: 60,
    });
    expect(findBuiltInView('waiting-for-customer-3d')?.filters).toEqual({ status: ['pending'], idleDays: 3 });
    expect(findBuiltInView('all-open')?.filters.status).not.toContain('resolved');
    expect(findBuiltInView('nope')).toBeUndefined();
  });

  it('are told apart from saved view numbers', () => {
    expect(savedViewNumber('42')).toBe(42);
    expect(savedViewNumber('all-open')).toBeNull();
    expect(savedViewNumber('99999999999')).toBeNull();
    expect(viewIdQuery.safeParse('all-open').success).toBe(true);
    expect(viewIdQuery.safeParse("1'; drop table tickets").success).toBe(false);
  });
});

describe('a personal view', () => {
  it('takes the whitelisted filters and a sort, defaulting to newest first, unshared', () => {
    const view = createViewInput.parse({
      name: '  Urgent VPN  ',
      filters: {
        status: ['open'],
        priority: ['urgent', 'high'],
        assigneeId: 'me',
        teamId: 3,
        tags: ['vpn'],
        q: 'disconnect',
        created: { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00+01:00' },
      },
    });
    expect(view).toMatchObject({
      name: 'Urgent VPN',
      sort: { by: 'createdAt', direction: 'desc' },
      sharedWithTeamId: null,
    });
  });

  it('names every field that is wrong', () => {
    const result = createViewInput.safeParse({
      name: '',
      filters: { status: ['archived'], assigneeId: 'someone', color: 'red', created: { from: 'yesterday' } },
      sort: { by: 'title; drop table tickets', direction: 'up' },
    });
    expect(issuesOf(result)).toEqual(
      expect.arrayContaining([
        'name: must not be empty',
        'filters.status.0: must be one of new, open, pending, on_hold, resolved, closed',
        'filters.assigneeId: must be a user id, "me" or "none"',
        expect.stringMatching(/^filters: .*color/),
        expect.stringMatching(/^filters\.created\.from: must be an ISO 8601 date-time/),
        'sort.by: must be one of createdAt, updatedAt, priority, slaDueAt',
        'sort.direction: must be asc or desc',
      ]),
    );
  });

  it('refuses a date range that ends before it starts', () => {
    const result = viewFilters.safeParse({ updated: { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' } });
    expect(issuesOf(result)).toEqual(['updated: from must not be after to']);
  });
});
