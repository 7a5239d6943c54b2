import { resolveTemporalCli } from './temporal-cli.js';

// `npm run setup:temporal`: finds or builds the Temporal CLI ahead of time (CI does this before
// the tests), so the first `npm start` or `npm test` does not wait for the Go build.
const found = await resolveTemporalCli({
  configuredPath: process.env.TEMPORAL_CLI_PATH,
  searchPath: process.env.PATH,
  onProgress: (message) => process.stdout.write(`[temporal-cli] ${message}\n`),
}).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
process.stdout.write(`[temporal-cli] using ${found.path} (${found.source})\n`);
