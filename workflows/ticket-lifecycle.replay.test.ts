import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from './worker.js';

// Histories recorded from real runs (`npm run histories:record`) are replayed against the current
// workflow code: a change that would break running tickets fails here, and must go behind patched().
const historiesDir = fileURLToPath(new URL('./histories', import.meta.url));

describe('ticket lifecycle replay', () => {
  it('replays every recorded history without non-determinism', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length, 'recorded histories in workflows/histories').toBeGreaterThanOrEqual(3);
    const bundle = await workflowBundle();
    for (const file of files) {
      const history = JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'));
      await expect(
        Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, history, path.basename(file, '.json')),
        file,
      ).resolves.toBeUndefined();
    }
  });
});
