import { fileURLToPath } from 'node:url';

/** Builds the Vue portal with Vite into portal/dist (or `outDir`, e.g. a test's own), so the server serves the current code. */
export async function buildPortal(outDir?: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: fileURLToPath(new URL('../portal/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
  });
}
