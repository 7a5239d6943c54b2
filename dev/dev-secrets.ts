import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Secrets generated once per checkout for local runs; never committed, never printed. */
export interface DevSecrets {
  sessionSecret: string;
  appSecretKey: string;
  oidcClientSecret: string;
  idpCookieSecret: string;
  /** SendGrid wants a key; the capture server accepts any. */
  sendgridApiKey: string;
}

/** Reads the checkout's dev secrets from DATA_DIR, generating them on first use. */
export async function loadDevSecrets(dataDir: string): Promise<DevSecrets> {
  const file = path.join(dataDir, 'dev-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      sessionSecret: randomBytes(48).toString('base64'),
      appSecretKey: randomBytes(32).toString('base64'),
      oidcClientSecret: randomBytes(24).toString('base64url'),
      idpCookieSecret: randomBytes(24).toString('base64url'),
      sendgridApiKey: `SG.dev-capture.${randomBytes(12).toString('base64url')}`,
    };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
