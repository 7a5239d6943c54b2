import { fileURLToPath } from 'node:url';

/** Builds the Vue portal into portal/dist with Vite, so the server serves the current code. */
export async function buildPortal(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../portal/vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
