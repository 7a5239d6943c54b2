import type { Knex } from 'knex';

/** A few macros a support team starts from, written by the demo manager. */
export async function seedDemoMacros(db: Knex, authorId: number): Promise<void> {
  await db('macros').insert([
    {
      name: 'Waiting for your details',
      body: 'Hi {{requester.firstName}},\n\nThanks for reporting {{ticket.number}}. Could you send us a screenshot and the time it happened? We will pick it up as soon as you reply.\n\n{{agent.name}}',
      set_status: 'pending',
      add_tags: ['needs-info'],
      created_by: authorId,
    },
    {
      name: 'Solved, thanks',
      body: 'Hi {{requester.firstName}},\n\nWe believe "{{ticket.title}}" is solved. If anything is still wrong, just reply and the ticket reopens.\n\n{{agent.name}}',
      set_status: 'resolved',
      remove_tags: ['needs-info'],
      created_by: authorId,
    },
    {
      name: 'Escalate to urgent',
      body: 'Raised to urgent by {{agent.name}}: customer impact confirmed.',
      internal: true,
      set_priority: 'urgent',
      add_tags: ['escalated'],
      created_by: authorId,
    },
  ]);
}
