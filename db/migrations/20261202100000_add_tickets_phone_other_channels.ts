import type { Knex } from 'knex';

// Staff raise tickets for customers who called (`phone`) or reached them some other way (walk-in,
// chat: `other`); the channel says how the customer came, as it does for the other channels.
const before = ['portal', 'api', 'email', 'back_office', 'guest'];
const after = [...before, 'phone', 'other'];

const check = (channels: string[]) =>
  `alter table tickets add constraint tickets_channel_check check (channel in (${channels.map((c) => `'${c}'`).join(', ')}))`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table tickets drop constraint tickets_channel_check');
  await knex.raw(check(after));
}

export async function down(knex: Knex): Promise<void> {
  await knex('tickets').whereIn('channel', ['phone', 'other']).update({ channel: 'back_office' });
  await knex.raw('alter table tickets drop constraint tickets_channel_check');
  await knex.raw(check(before));
}
