import type { Knex } from 'knex';
import { lastFour, openSecret, sealSecret } from './secret-box.js';

/** A Teams incoming webhook for a team, with its URL decrypted for sending. */
export interface TeamsWebhook {
  channelId: number;
  name: string;
  webhookUrl: string;
}

/** Stores a Teams channel for a team; the webhook URL is encrypted at rest. */
export async function insertTeamsChannel(
  db: Knex,
  key: Buffer,
  input: { name: string; teamId: number; webhookUrl: string },
): Promise<number> {
  const [row] = await db('notification_channels')
    .insert({
      name: input.name,
      kind: 'teams',
      team_id: input.teamId,
      secret_ciphertext: sealSecret(key, input.webhookUrl),
      secret_last4: lastFour(input.webhookUrl),
    })
    .returning('id');
  return row.id;
}

/** The active Teams webhooks of a team. */
export async function listTeamsWebhooks(db: Knex, key: Buffer, teamId: number): Promise<TeamsWebhook[]> {
  const rows = await db('notification_channels')
    .where({ kind: 'teams', team_id: teamId, active: true })
    .whereNotNull('secret_ciphertext');
  return rows.map((r) => ({ channelId: r.id, name: r.name, webhookUrl: openSecret(key, r.secret_ciphertext) }));
}
