import { randomBytes } from 'node:crypto';
import { findTeamByName } from '../../db/teams.js';
import { z } from 'zod';
import { publicUrl, type Config } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { insertMailbox, type NewMailbox } from '../../db/mailboxes.js';
import { lastFour, sealSecret } from '../../db/secret-box.js';
import { loadDevSecrets } from '../../dev/dev-secrets.js';
import { connectTemporal } from '../../workflows/client.js';
import { createMailboxWorkflows } from '../../workflows/mailbox-client.js';
import { CliUsageError, type CliOutput } from '../output.js';

const usage = 'mailboxes:create --address A --team NAME [--imap imap(s)://user:password@host:port/FOLDER]';

const options = z.object({
  address: z.email({ error: 'must be an e-mail address, e.g. support@example.com' }),
  team: z.string().trim().min(1, 'name the team new tickets go to'),
  imap: z
    .string()
    .transform((s, ctx) => {
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a URL like imaps://user:password@imap.example.com:993/INBOX',
        });
        return z.NEVER;
      }
      if (!['imap:', 'imaps:'].includes(url.protocol) || !url.hostname || !url.username || !url.password) {
        ctx.addIssue({ code: 'custom', message: 'must be imap(s)://user:password@host[:port][/FOLDER]' });
        return z.NEVER;
      }
      const tls = url.protocol === 'imaps:';
      // imap:// means STARTTLS; `?security=none` for a server without TLS (a local test server).
      const security = tls ? 'tls' : url.searchParams.get('security') === 'none' ? 'none' : 'starttls';
      return {
        host: url.hostname,
        port: Number(url.port) || (tls ? 993 : 143),
        security: security as 'tls' | 'starttls' | 'none',
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        folder: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX',
      };
    })
    .optional(),
});

/**
 * `mailboxes:create`: a SendGrid Inbound Parse mailbox, or an IMAP one with `--imap`; prints the
 * Inbound Parse URL alone on the last line (an IMAP mailbox has one too, for switching later).
 */
export async function mailboxesCreate(
  db: Db,
  config: Config,
  args: Record<string, string | undefined>,
  out: CliOutput,
): Promise<void> {
  const parsed = options.safeParse(args);
  if (!parsed.success) throw CliUsageError.fromZod(parsed.error, usage);
  const { address, team, imap } = parsed.data;
  const teamRow = await findTeamByName(db, team);
  if (!teamRow) throw new CliUsageError(`--team: no team named "${team}"`);
  const key = Buffer.from(config.APP_SECRET_KEY ?? (await loadDevSecrets(config.DATA_DIR)).appSecretKey, 'base64');
  const mailbox: NewMailbox = {
    address,
    teamId: teamRow.id,
    inboundKind: imap ? 'imap' : 'sendgrid',
    inboundToken: randomBytes(24).toString('base64url'),
    ...(imap
      ? {
          imap: {
            host: imap.host,
            port: imap.port,
            security: imap.security,
            user: imap.user,
            passwordSealed: sealSecret(key, imap.password),
            passwordLast4: lastFour(imap.password),
            folder: imap.folder,
          },
        }
      : {}),
  };
  const created = await insertMailbox(db, mailbox).catch((error: { constraint?: string }) => {
    if (error.constraint === 'mailboxes_address_lower_unique')
      throw new CliUsageError(`--address: a mailbox for ${address} exists already`);
    throw error;
  });
  out.info(
    `mailbox ${created.address} (#${created.id}) created for team ${teamRow.name}${imap ? `, fetching ${imap.folder} on ${imap.host}:${imap.port}` : ''}.`,
  );
  if (imap && !config.TEMPORAL_ADDRESS)
    out.info('The worker starts its poller within a minute (set TEMPORAL_ADDRESS to start it now).');
  if (imap && config.TEMPORAL_ADDRESS) {
    // Best effort: the worker starts every active IMAP mailbox's poller within a minute anyway.
    try {
      const client = await connectTemporal({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
      await createMailboxWorkflows(client).mailboxChanged(created.id);
      await client.connection.close();
      out.info(`its poller (workflow mailbox-${created.id}) is running.`);
    } catch {
      out.info('Temporal was not reachable: the worker starts its poller within a minute of running.');
    }
  }
  out.info('SendGrid Inbound Parse URL (keep it secret):');
  out.result(`${publicUrl(config)}/api/inbound/sendgrid/${created.inboundToken}`);
}
