import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { findFreePort } from '../../dev/ports.js';
import { eventually } from './eventually.js';

/** A real IMAP server (Debian's dovecot-imapd) in a temporary directory, on free ports. */
export interface Dovecot {
  host: string;
  /** The server's configuration file (for doveadm). */
  configFile: string;
  /** Plain IMAP (STARTTLS offered). */
  port: number;
  /** IMAP over TLS with a self-signed certificate. */
  tlsPort: number;
  /** The password of every account: any user name logs in with it and gets a mailbox of its own. */
  password: string;
  /** An IMAP client logged in as `user`, for appending fixtures and looking at folders. */
  client(user: string, password: string): Promise<ImapFlow>;
  /** Appends raw messages to a folder (created when missing) the way a delivery would. */
  append(user: string, password: string, folder: string, messages: Buffer[]): Promise<number[]>;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * Starts dovecot with its own configuration: any user name with the harness's password, Maildirs in the temp
 * directory (owned by `nobody`, as dovecot will not deliver as root), a self-signed certificate
 * for the TLS port. Fails with a clear message when dovecot is not installed.
 */
export async function startDovecot(): Promise<Dovecot> {
  const binary = '/usr/sbin/dovecot';
  await run(binary, ['--version']).catch(() => {
    throw new Error('dovecot is not installed: apt-get install dovecot-imapd (.ci/run does this)');
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'ticketflow-dovecot-'));
  await chmod(dir, 0o755);
  const home = path.join(dir, 'home');
  await mkdir(home);
  await mkdir(path.join(dir, 'run'));
  await mkdir(path.join(dir, 'state'));
  const uid = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? 65534);
  const gid = process.getuid?.() === 0 ? 65534 : (process.getgid?.() ?? 65534);
  if (process.getuid?.() === 0) await chown(home, uid, gid);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
  ]);
  // One password for every account (static passdb): new mailboxes need no reload of a users file.
  const password = randomBytes(12).toString('base64url');
  const [port, tlsPort] = [await findFreePort(), await findFreePort()];
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = static
  args = password=${password}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${home}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = ${tlsPort}
    ssl = yes
  }
}
service anvil {
  chroot =
}
`;
  await writeFile(path.join(dir, 'dovecot.conf'), config);
  const child: ChildProcess = spawn(binary, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const host = '127.0.0.1';

  const client = async (user: string, password: string) => {
    const c = new ImapFlow({
      host,
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
      tls: { rejectUnauthorized: false },
    });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  await eventually(async () => {
    if (child.exitCode !== null)
      throw new Error(`dovecot exited: ${await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`);
    const probe = new ImapFlow({
      host,
      port,
      secure: false,
      doSTARTTLS: false,
      logger: false,
      auth: { user: 'x', pass: 'y' },
    });
    probe.on('error', () => undefined);
    await probe.connect().catch((error: { authenticationFailed?: boolean }) => {
      if (!error.authenticationFailed) throw error;
    });
    probe.close();
  });

  return {
    configFile: path.join(dir, 'dovecot.conf'),
    host,
    port,
    tlsPort,
    password,
    client,
    async append(user, password, folder, messages) {
      const c = await client(user, password);
      try {
        if (folder !== 'INBOX') await c.mailboxCreate(folder).catch(() => undefined);
        const uids: number[] = [];
        for (const m of messages) {
          const r = await c.append(folder, m);
          if (r && r.uid) uids.push(r.uid);
        }
        return uids;
      } finally {
        await c.logout();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
