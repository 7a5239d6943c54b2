import { z } from 'zod';
import { ticketPriorities } from './ticket-priority.js';
import { ticketStatuses } from './ticket-status.js';
import { singleLineText } from './text-fields.js';

const id = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647);
const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z' });
const range = z
  .strictObject({ from: instant.optional(), to: instant.optional() })
  .refine(
    (r) => r.from === undefined || r.to === undefined || Date.parse(r.from) <= Date.parse(r.to),
    'from must not be after to',
  );

/**
 * What a view shows: every key is optional and they combine with AND. Only these keys exist (a
 * whitelist: views are stored as JSON, and the query that runs them maps each key to a fixed,
 * parameterised condition). `me`, `mine` and the relative keys are resolved when the view runs.
 */
export const viewFilters = z.strictObject({
  status: z
    .array(z.enum(ticketStatuses, { error: `must be one of ${ticketStatuses.join(', ')}` }))
    .min(1, 'must name at least one status')
    .max(ticketStatuses.length)
    .optional(),
  priority: z
    .array(z.enum(ticketPriorities, { error: `must be one of ${ticketPriorities.join(', ')}` }))
    .min(1, 'must name at least one priority')
    .max(ticketPriorities.length)
    .optional(),
  /** `mine`: any team the viewer belongs to; `none`: no team. */
  teamId: z
    .union([z.literal('mine'), z.literal('none'), id], { error: 'must be a team id, "mine" or "none"' })
    .optional(),
  /** `me`: the viewer; `none`: unassigned. */
  assigneeId: z
    .union([z.literal('me'), z.literal('none'), id], { error: 'must be a user id, "me" or "none"' })
    .optional(),
  /** The ticket carries every one of these tags. */
  tags: z.array(singleLineText(50)).min(1, 'must name at least one tag').max(10, 'must be at most 10 tags').optional(),
  /** Full-text search of title and description, as the ticket list's `q`. */
  q: singleLineText(200).optional(),
  created: range.optional(),
  updated: range.optional(),
  /** Untouched for longer than this many days (waiting tickets going stale). */
  idleDays: z.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(365).optional(),
  /** An SLA deadline still to meet (first response or resolution) falls due within this many minutes. */
  slaDueWithinMinutes: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
});

/** A view's validated filters. */
export type ViewFilters = z.infer<typeof viewFilters>;

/** The columns a view may sort by; `slaDueAt` is the next SLA deadline still to meet. */
export const viewSortKeys = ['createdAt', 'updatedAt', 'priority', 'slaDueAt'] as const;

/** How a view orders its tickets (ties: newest ticket first). */
export const viewSort = z.strictObject({
  by: z.enum(viewSortKeys, { error: `must be one of ${viewSortKeys.join(', ')}` }),
  direction: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }),
});

/** A view's validated sort. */
export type ViewSort = z.infer<typeof viewSort>;

/** Body of `POST /api/views`: a personal view; managers may share it with a team. */
export const createViewInput = z.strictObject({
  name: singleLineText(80),
  filters: viewFilters,
  sort: viewSort.default({ by: 'createdAt', direction: 'desc' }),
  sharedWithTeamId: id.nullable().default(null),
});

/** A validated new view. */
export type CreateViewInput = z.infer<typeof createViewInput>;

/** Body of `PATCH /api/views/:id`: a rename, new filters or sort, or sharing changed (null: only me). */
export const updateViewInput = z
  .strictObject({
    name: singleLineText(80).optional(),
    filters: viewFilters.optional(),
    sort: viewSort.optional(),
    sharedWithTeamId: id.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), {
    message: 'names nothing to change; send name, filters, sort or sharedWithTeamId',
  });

/** A validated change to a saved view. */
export type UpdateViewInput = z.infer<typeof updateViewInput>;

/** A saved view's id in a URL path. */
export const savedViewIdParam = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647);

/** A view id in `?view=`: a built-in view's name-like id, or a saved view's number. */
export const viewIdQuery = z
  .string()
  .trim()
  .regex(/^(?:[a-z0-9-]{1,40}|\d{1,10})$/, 'must be a built-in view id such as all-open, or a saved view number');

/** One view as `GET /api/views` lists it: built-in, the caller's own, or shared with one of their teams. */
export const viewResponse = z.object({
  id: z.string().describe('A built-in view id (e.g. all-open) or a saved view number'),
  name: z.string(),
  kind: z.enum(['built_in', 'personal', 'shared']),
  filters: viewFilters,
  sort: viewSort,
  owner: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  sharedWithTeam: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  count: z.number().int().describe('How many tickets the view shows now'),
});

/** A view with its current count. */
export type ViewSummary = z.infer<typeof viewResponse>;

/** `GET /api/views`. */
export const viewListResponse = z.object({ items: z.array(viewResponse) });
