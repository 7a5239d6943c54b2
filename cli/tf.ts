import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { migrateToLatest, rollbackAll } from '../db/migrator.js';
import { DuplicateEmailError } from '../db/users.js';
import { seedDemoData } from '../db/seeds/demo-data.js';
import { openCliDatabase } from './database.js';
import { apikeysCreate } from './commands/apikeys-create.js';
import { apikeysList } from './commands/apikeys-list.js';
import { apikeysRevoke } from './commands/apikeys-revoke.js';
import { backup } from './commands/backup.js';
import { mailboxesCreate } from './commands/mailboxes-create.js';
import { reconcile } from './commands/reconcile.js';
import { restore } from './commands/restore.js';
import { usersCreate } from './commands/users-create.js';
import { webhooksEnable } from './commands/webhooks-enable.js';
import { webhooksList } from './commands/webhooks-list.js';
import { CliUsageError, type CliOutput } from './output.js';

const help = `TicketFlow command line: npm run tf -- <command> [options]

  migrate                         apply pending database migrations
  migrate:rollback                undo every migration (drops all TicketFlow tables)
  seed                            load the demo data into an empty database
  users:create --email E --name N [--role admin|manager|agent|customer] [--organization NAME]
  apikeys:create --email E [--name NAME] [--scopes tickets:read,tickets:write]
                                  print a new API key once, alone on the last line
  apikeys:list --email E          a user's keys: prefix, name, scopes, last used, revoked
  apikeys:revoke --prefix P       revoke a key; the next request with it is refused
  reconcile                       start the workflow of every open ticket that has none (after a
                                  restore onto a fresh Temporal too) and deliver queued replies to
                                  their workflows (exit 75 while Temporal is down)
  backup --to FILE                one consistent backup of the database and the attachments
  restore --from FILE             restore a backup into a database without data, then run reconcile
  mailboxes:create --address A --team NAME [--imap imap(s)://user:password@host:port/FOLDER]
                                  an e-mail mailbox (SendGrid Inbound Parse, or IMAP with --imap);
                                  prints its Inbound Parse URL alone on the last line
  webhooks:list                   every webhook endpoint: id, active, failures, when and why disabled
  webhooks:enable --id N          enable an endpoint disabled after failing, with a clean record
                                  (audited; redeliver what it missed from its delivery log)

Without DATABASE_URL the embedded PostgreSQL under DATA_DIR (default .data/) is used.`;

const out: CliOutput = {
  info: (m) => process.stderr.write(`${m}\n`),
  result: (m) => process.stdout.write(`${m}\n`),
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      organization: { type: 'string' },
      scopes: { type: 'string' },
      prefix: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      address: { type: 'string' },
      team: { type: 'string' },
      imap: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    out.result(help);
    return command || values.help ? 0 : 2;
  }
  const known = [
    'migrate',
    'migrate:rollback',
    'seed',
    'users:create',
    'apikeys:create',
    'apikeys:list',
    'apikeys:revoke',
    'reconcile',
    'backup',
    'restore',
    'mailboxes:create',
    'webhooks:list',
    'webhooks:enable',
  ];
  if (!known.includes(command)) throw new CliUsageError(`unknown command "${command}"\n\n${help}`);

  const config = loadConfig();
  const { db, close } = await openCliDatabase(config, out.info);
  try {
    const args = values as Record<string, string | undefined>;
    switch (command) {
      case 'migrate': {
        const applied = await migrateToLatest(db);
        out.result(applied.length ? `applied ${applied.length} migration(s)` : 'database already up to date');
        break;
      }
      case 'migrate:rollback':
        out.result(`rolled back ${(await rollbackAll(db)).length} migration(s)`);
        break;
      case 'seed':
        await migrateToLatest(db);
        out.result((await seedDemoData(db)) ? 'demo data loaded' : 'database already has data; nothing seeded');
        break;
      case 'users:create':
        await usersCreate(db, args, out);
        break;
      case 'apikeys:create':
        await apikeysCreate(db, args, out);
        break;
      case 'apikeys:list':
        await apikeysList(db, args, out);
        break;
      case 'apikeys:revoke':
        await apikeysRevoke(db, args, out);
        break;
      case 'reconcile':
        return await reconcile(db, config, out);
      case 'backup':
        await backup(db, config, args, out);
        break;
      case 'restore':
        await restore(db, config, args, out);
        break;
      case 'mailboxes:create':
        await mailboxesCreate(db, config, args, out);
        break;
      case 'webhooks:list':
        await webhooksList(db, out);
        break;
      case 'webhooks:enable':
        await webhooksEnable(db, args, out);
        break;
    }
    return 0;
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliUsageError || error instanceof ConfigError || error instanceof DuplicateEmailError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`error: ${error.message}\n\n${help}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
