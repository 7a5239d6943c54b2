import { defineConfig } from 'vitest/config';

// Each runs alone after the rest (see the 'worker-kills', 'faults' and 'image' projects).
const workerKillsTest = 'tests/lifecycle/exactly-once.test.ts';
const faultsTest = 'tests/faults/faults.test.ts';
const imageTest = 'tests/docker-image.test.ts';

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['**/*.test.ts'],
          exclude: [
            'node_modules/**',
            '.data/**',
            'portal/**',
            'test-artifacts/**',
            workerKillsTest,
            faultsTest,
            imageTest,
          ],
          // One embedded PostgreSQL and one Temporal dev server per run, on free ports.
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/setup-runtime.ts'],
          // Generous: a test waiting on workflows can take a minute on two cores shared with the
          // suite's process-spawning tests; a wrong result still fails at once on its assertion.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // After the portal's tests, never beside them: on two cores the process-spawning tests
          // (npm start, the CLI) must not compete with happy-dom for the CPU.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Kills a worker process after each write for two minutes, each restart compiling the worker
        // anew: beside the suite it starved other files' workflows (a browser test's ticket was not
        // routed within a minute). Alone, after them, on its own PostgreSQL and Temporal.
        test: {
          name: 'worker-kills',
          include: [workerKillsTest],
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/setup-runtime.ts'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
          pool: 'forks',
          sequence: { groupOrder: 2 },
        },
      },
      {
        // The fault run starts its own PostgreSQL, Temporal, server, worker and a steady load, then
        // kills each in turn: beside the suite it starved other files' workflows (a 15 s wait ran
        // out) and they starved it. Alone, after them, it measures recovery and nothing else.
        test: {
          name: 'faults',
          include: [faultsTest],
          // Its topology is its own: no shared PostgreSQL or Temporal.
          setupFiles: ['tests/setup-runtime.ts'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
          pool: 'forks',
          sequence: { groupOrder: 3 },
        },
      },
      {
        // The image test builds the project, installs production dependencies and runs the compiled
        // server and worker: alone at the end, where a minute does it, instead of beside the suite's
        // process-spawning tests, where it has run past fifteen.
        test: {
          name: 'image',
          include: [imageTest],
          globalSetup: ['tests/global-setup.ts'],
          setupFiles: ['tests/setup-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: 'forks',
          sequence: { groupOrder: 4 },
        },
      },
      {
        // The portal's component and store tests: a browser-like DOM, the Vue plugin, no services.
        extends: './portal/vite.config.ts',
        test: {
          name: 'portal',
          environment: 'happy-dom',
          include: ['portal/src/**/*.test.ts'],
          setupFiles: ['portal/src/test-support/setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
