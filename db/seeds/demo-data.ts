import type { Knex } from 'knex';
import type { TicketPriority } from '../../domain/ticket-priority.js';
import type { TicketStatus } from '../../domain/ticket-status.js';
import { insertTeamsChannel } from '../notification-channels.js';
import { insertTicketWithOutbox } from '../tickets.js';
import { seedDemoCustomFields } from './demo-custom-fields.js';
import { seedDemoKnowledgeBase } from './demo-knowledge-base.js';
import { seedDemoMacros } from './demo-macros.js';
import { demoUsers } from './demo-users.js';

const hours = 3600;
const weekdays = {
  mon: [
    ['09:00', '12:30'],
    ['13:30', '17:00'],
  ],
  tue: [
    ['09:00', '12:30'],
    ['13:30', '17:00'],
  ],
  wed: [
    ['09:00', '12:30'],
    ['13:30', '17:00'],
  ],
  thu: [
    ['09:00', '12:30'],
    ['13:30', '17:00'],
  ],
  fri: [['09:00', '15:00']],
};
const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

interface DemoTicket {
  title: string;
  description: string;
  requester: string;
  status: TicketStatus;
  priority: TicketPriority;
  category?: string;
  team: 'Support' | 'Billing';
  assignee?: string;
  ageHours: number;
  replies?: { author: string; body: string; internal?: boolean }[];
}

const tickets: DemoTicket[] = [
  {
    title: 'Cannot log in after password reset',
    description: 'I reset my password this morning and now the login page says my account is locked.',
    requester: 'cora@acme.example',
    status: 'new',
    priority: 'high',
    category: 'access',
    team: 'Support',
    ageHours: 1,
  },
  {
    title: 'Invoice 2026-114 charged twice',
    description: 'Our card was charged twice for invoice 2026-114. Please refund one of the charges.',
    requester: 'carl@acme.example',
    status: 'new',
    priority: 'normal',
    category: 'billing',
    team: 'Billing',
    ageHours: 3,
  },
  {
    title: 'Export to CSV times out',
    description: 'Exporting more than 10,000 rows to CSV never finishes; the browser shows a timeout after a minute.',
    requester: 'gina@globex.example',
    status: 'open',
    priority: 'normal',
    category: 'bug',
    team: 'Support',
    assignee: 'alice@ticketflow.example',
    ageHours: 20,
    replies: [
      {
        author: 'alice@ticketflow.example',
        body: 'Thanks Gina, I can reproduce it with a large export. Looking into it.',
      },
      {
        author: 'alice@ticketflow.example',
        body: 'Likely the export worker memory limit; asked the platform team.',
        internal: true,
      },
    ],
  },
  {
    title: 'Production API returns 500 for all requests',
    description: 'Since 09:12 every call to /v2/orders returns HTTP 500. This blocks our whole checkout.',
    requester: 'cora@acme.example',
    status: 'open',
    priority: 'urgent',
    category: 'outage',
    team: 'Support',
    assignee: 'bob@ticketflow.example',
    ageHours: 2,
  },
  {
    title: 'Need a copy of our data processing agreement',
    description: 'Legal asks for the signed DPA for our records.',
    requester: 'carl@acme.example',
    status: 'pending',
    priority: 'low',
    category: 'account',
    team: 'Support',
    assignee: 'carol@ticketflow.example',
    ageHours: 50,
    replies: [
      { author: 'carol@ticketflow.example', body: 'Could you tell us which legal entity the DPA should name?' },
    ],
  },
  {
    title: 'Webhook deliveries delayed',
    description: 'Order webhooks arrive 10–15 minutes late since yesterday.',
    requester: 'gina@globex.example',
    status: 'on_hold',
    priority: 'high',
    category: 'bug',
    team: 'Support',
    assignee: 'alice@ticketflow.example',
    ageHours: 30,
    replies: [
      {
        author: 'alice@ticketflow.example',
        body: 'We are waiting for a fix from our queue provider; we will update you as soon as it ships.',
      },
    ],
  },
  {
    title: 'Change billing address',
    description: 'Please update our billing address to Hauptstraße 5, 10115 Berlin.',
    requester: 'cora@acme.example',
    status: 'resolved',
    priority: 'low',
    category: 'billing',
    team: 'Billing',
    assignee: 'carol@ticketflow.example',
    ageHours: 80,
    replies: [{ author: 'carol@ticketflow.example', body: 'Done: the next invoice will carry the new address.' }],
  },
  {
    title: 'Add two more seats to our plan',
    description: 'We hired two people; please add two seats.',
    requester: 'carl@acme.example',
    status: 'closed',
    priority: 'normal',
    category: 'billing',
    team: 'Billing',
    assignee: 'carol@ticketflow.example',
    ageHours: 200,
    replies: [
      { author: 'carol@ticketflow.example', body: 'Two seats added, prorated on your next invoice.' },
      { author: 'carl@acme.example', body: 'Thank you!' },
    ],
  },
  {
    title: 'Dark mode for the dashboard?',
    description: 'Is a dark mode planned? Our support team works night shifts.',
    requester: 'gina@globex.example',
    status: 'new',
    priority: 'low',
    category: 'feature',
    team: 'Support',
    ageHours: 5,
  },
  {
    title: 'SSO with Entra ID fails for new users',
    description: 'Users created in Entra ID today get "user not provisioned" when they sign in.',
    requester: 'cora@acme.example',
    status: 'open',
    priority: 'high',
    category: 'access',
    team: 'Support',
    assignee: 'bob@ticketflow.example',
    ageHours: 6,
  },
];

/** Extras for local runs: a Teams channel per team pointing at the capture server. */
export interface DemoOptions {
  teamsWebhook?: { baseUrl: string; appSecretKey: Buffer };
}

/** Loads the demo data into an empty database; returns false (and writes nothing) if it already has users. */
export async function seedDemoData(db: Knex, options: DemoOptions = {}): Promise<boolean> {
  const existing = await db('users').count<{ count: number }[]>('* as count').first();
  if (Number(existing?.count) > 0) return false;

  // One transaction: a failed seed leaves an empty database that the next run seeds again.
  await db.transaction(async (trx) => {
    const orgs = await trx('organizations')
      .insert([
        { name: 'Acme Corp', domain: 'acme.example', shares_tickets: true },
        { name: 'Globex', domain: 'globex.example', shares_tickets: false },
      ])
      .returning(['id', 'name']);
    const orgId = (name?: string) => orgs.find((o) => o.name === name)?.id ?? null;
    const users = await trx('users')
      .insert(
        demoUsers.map((u) => ({
          email: u.email,
          name: u.name,
          role: u.role,
          organization_id: orgId(u.organization),
          timezone: 'Europe/Berlin',
        })),
      )
      .returning(['id', 'email']);
    const userId = (email: string) => {
      const found = users.find((u) => u.email === email);
      if (!found) throw new Error(`demo seed: unknown user ${email}`);
      return found.id as number;
    };
    const teams = await trx('teams')
      .insert([
        { name: 'Support', description: 'First-line product support', lead_id: userId('manager@ticketflow.example') },
        { name: 'Billing', description: 'Invoices, plans and payments', lead_id: userId('manager@ticketflow.example') },
      ])
      .returning(['id', 'name']);
    const teamId = (name: string) => teams.find((t) => t.name === name)?.id as number;
    await trx('team_members').insert([
      { team_id: teamId('Support'), user_id: userId('alice@ticketflow.example'), capacity: 15 },
      { team_id: teamId('Support'), user_id: userId('bob@ticketflow.example'), capacity: 15 },
      { team_id: teamId('Billing'), user_id: userId('carol@ticketflow.example'), capacity: 10 },
      { team_id: teamId('Billing'), user_id: userId('bob@ticketflow.example'), capacity: 5, available: false },
    ]);
    const calendars = await trx('business_calendars')
      .insert([
        {
          name: 'Berlin office hours',
          timezone: 'Europe/Berlin',
          weekly_hours: JSON.stringify(weekdays),
          holidays: JSON.stringify([
            { date: '2026-12-24', name: 'Christmas Eve' },
            { date: '2026-12-25', name: 'Christmas Day' },
            { date: '2026-12-26', name: 'Boxing Day' },
            { date: '2027-01-01', name: "New Year's Day" },
          ]),
        },
        { name: '24x7', timezone: 'UTC', weekly_hours: JSON.stringify(allDay), holidays: '[]' },
      ])
      .returning(['id', 'name']);
    const calendarId = (name: string) => calendars.find((c) => c.name === name)?.id as number;
    await trx('sla_policies').insert([
      {
        name: 'Urgent incidents',
        position: 10,
        conditions: JSON.stringify({ priorities: ['urgent'] }),
        first_response_target_seconds: 1 * hours,
        resolution_target_seconds: 4 * hours,
        calendar_id: calendarId('24x7'),
        warning_thresholds: JSON.stringify([0.5, 0.75]),
      },
      {
        // Matches on a tag: tag a running ticket "vip" (a macro, the ticket's edit form) and its
        // deadlines move to these targets.
        name: 'VIP customers',
        position: 15,
        conditions: JSON.stringify({ tags: ['vip'] }),
        first_response_target_seconds: 1 * hours,
        resolution_target_seconds: 8 * hours,
        calendar_id: calendarId('24x7'),
        warning_thresholds: JSON.stringify([0.75]),
      },
      {
        name: 'Acme premium',
        position: 20,
        conditions: JSON.stringify({ organizationIds: [orgId('Acme Corp')] }),
        first_response_target_seconds: 2 * hours,
        resolution_target_seconds: 16 * hours,
        calendar_id: calendarId('Berlin office hours'),
      },
      {
        name: 'Standard',
        position: 1000,
        conditions: '{}',
        first_response_target_seconds: 8 * hours,
        resolution_target_seconds: 40 * hours,
        calendar_id: calendarId('Berlin office hours'),
      },
    ]);
    await trx('assignment_rules').insert([
      {
        name: 'Billing questions',
        position: 10,
        conditions: JSON.stringify({ categories: ['billing'] }),
        team_id: teamId('Billing'),
        strategy: 'least_open',
      },
      {
        name: 'Everything else',
        position: 1000,
        conditions: '{}',
        team_id: teamId('Support'),
        strategy: 'round_robin',
      },
    ]);
    await trx('escalation_rules').insert([
      {
        name: 'Warn the team lead',
        trigger: 'sla_warning',
        level: 1,
        conditions: '{}',
        actions: JSON.stringify([{ type: 'notify', target: 'team_lead' }]),
      },
      {
        name: 'First response missed',
        trigger: 'first_response_breach',
        level: 2,
        conditions: '{}',
        actions: JSON.stringify([{ type: 'notify', roles: ['manager'] }, { type: 'raise_priority' }]),
      },
      {
        name: 'Still unresolved 30 minutes after breach',
        trigger: 'resolution_breach',
        delay_seconds: 1800,
        level: 3,
        conditions: JSON.stringify({ priorities: ['high', 'urgent'] }),
        actions: JSON.stringify([
          { type: 'notify', roles: ['manager', 'admin'] },
          { type: 'reassign', target: 'team_lead' },
        ]),
      },
      {
        name: 'Stale ticket nudge',
        trigger: 'no_update',
        delay_seconds: 48 * hours,
        level: 1,
        conditions: '{}',
        actions: JSON.stringify([{ type: 'notify', target: 'assignee' }]),
      },
    ]);
    await trx('notification_channels').insert([
      { name: 'E-mail (SendGrid)', kind: 'email', settings: '{}' },
      { name: 'In-app', kind: 'in_app', settings: '{}' },
    ]);
    if (options.teamsWebhook) {
      const { baseUrl, appSecretKey } = options.teamsWebhook;
      for (const name of ['Support', 'Billing'] as const) {
        await insertTeamsChannel(trx, appSecretKey, {
          name: `Teams: ${name}`,
          teamId: teamId(name),
          webhookUrl: `${baseUrl}/teams/${name.toLowerCase()}`,
        });
      }
    }
    for (const t of tickets) await insertDemoTicket(trx, t, userId, teamId);
    await seedDemoKnowledgeBase(trx, userId('manager@ticketflow.example'));
    await seedDemoMacros(trx, userId('manager@ticketflow.example'));
    await seedDemoCustomFields(trx);
  });
  return true;
}

async function insertDemoTicket(
  db: Knex,
  t: DemoTicket,
  userId: (email: string) => number,
  teamId: (name: string) => number,
): Promise<void> {
  const { ticket } = await insertTicketWithOutbox(
    db,
    {
      title: t.title,
      description: t.description,
      priority: t.priority,
      category: t.category,
      requesterId: userId(t.requester),
      channel: 'portal',
    },
    { actorId: userId(t.requester), source: 'seed' },
  );
  const createdAt = new Date(Date.now() - t.ageHours * hours * 1000);
  await db('tickets')
    .where({ id: ticket.id })
    .update({
      status: t.status,
      team_id: teamId(t.team),
      assignee_id: t.assignee ? userId(t.assignee) : null,
      created_at: createdAt,
      updated_at: createdAt,
      resolved_at:
        t.status === 'resolved' || t.status === 'closed' ? new Date(createdAt.getTime() + 3 * hours * 1000) : null,
      closed_at: t.status === 'closed' ? new Date(createdAt.getTime() + 50 * hours * 1000) : null,
    });
  await db('ticket_events').where({ ticket_id: ticket.id }).update({ created_at: createdAt });
  for (const [i, reply] of (t.replies ?? []).entries()) {
    await db('ticket_messages').insert({
      ticket_id: ticket.id,
      author_id: userId(reply.author),
      body: reply.body,
      internal: reply.internal ?? false,
      source: 'portal',
      created_at: new Date(createdAt.getTime() + (i + 1) * hours * 1000),
    });
  }
  await insertDemoTicketHistory(db, ticket.id, t, createdAt, userId);
}

/**
 * The audit trail a demo ticket would have if it had been worked (the reports read it): the first
 * staff reply meets the first response and opens the ticket, then its way to its seeded status;
 * resolved and closed tickets carry a rating.
 */
async function insertDemoTicketHistory(
  db: Knex,
  ticketId: number,
  t: DemoTicket,
  createdAt: Date,
  userId: (email: string) => number,
): Promise<void> {
  const at = (h: number) => new Date(createdAt.getTime() + h * hours * 1000);
  const staffEmails = new Set(demoUsers.filter((u) => u.role !== 'customer').map((u) => u.email));
  const firstReply = (t.replies ?? []).findIndex((r) => !r.internal && staffEmails.has(r.author));
  const agent = t.assignee ? userId(t.assignee) : null;
  const event = (type: string, when: Date, before: object, after: object, actorId: number | null = agent) =>
    db('ticket_events').insert({
      ticket_id: ticketId,
      actor_id: actorId,
      source: 'seed',
      type,
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      created_at: when,
    });
  const status = (from: string, to: string, when: Date, type = 'status_changed') =>
    event(type, when, { status: from }, { status: to, changedAt: when.toISOString() });
  if (t.status === 'new') return;
  const opened = firstReply >= 0 ? at(firstReply + 1) : at(0.25);
  if (firstReply >= 0) {
    const author = userId(t.replies![firstReply]!.author);
    await event('first_response_met', opened, { firstRespondedAt: null }, { firstRespondedAt: opened }, author);
    await db('tickets').where({ id: ticketId }).update({ first_responded_at: opened });
  }
  await status('new', 'open', opened);
  if (t.status === 'pending' || t.status === 'on_hold')
    await status('open', t.status, new Date(opened.getTime() + 60_000));
  if (t.status === 'resolved' || t.status === 'closed') {
    await status('open', 'resolved', at(3));
    const rating =
      t.status === 'resolved' ? { score: 5, comment: 'Quick and clear, thanks!' } : { score: 4, comment: null };
    await db('satisfaction_ratings').insert({
      ticket_id: ticketId,
      user_id: userId(t.requester),
      ...rating,
      created_at: at(4),
      updated_at: at(4),
    });
  }
  if (t.status === 'closed') await status('resolved', 'closed', at(50), 'auto_closed');
}
