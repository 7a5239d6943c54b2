import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// Probe files do not exist, so type information is switched off; the rules under test need none.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the lint rules that keep the layout honest', () => {
  it('ban Node built-ins, I/O and non-workflow modules in workflow code', async () => {
    const messages = await ruleIds(
      'workflows/probe.workflow.ts',
      [
        "import { readFileSync } from 'node:fs';",
        "import { createDb } from '../db/connection.js';",
        "import { createActivities } from './activities/index.js';",
        "import { connectTemporal } from './client.js';",
        'export const probe = [readFileSync, createDb, createActivities, connectTemporal, setTimeout];',
      ].join('\n'),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^import-x\/no-nodejs-modules: .*node:fs/),
        expect.stringMatching(/'\.\.\/db\/connection\.js' import is restricted/),
        expect.stringMatching(/'\.\/activities\/index\.js' import is restricted.*import type/),
        expect.stringMatching(/'\.\/client\.js' import is restricted/),
        expect.stringMatching(/^no-restricted-globals: .*setTimeout/),
      ]),
    );
  });

  it('allow workflow code its SDK, domain rules and activity types', async () => {
    const messages = await ruleIds(
      'workflows/probe.workflow.ts',
      [
        "import { sleep } from '@temporalio/workflow';",
        "import { canTransition } from '../domain/ticket-status.js';",
        "import type { TicketActivities } from './activities/index.js';",
        "import { TicketStatus } from './search-attributes.js';",
        'export type A = TicketActivities;',
        'export const probe = [sleep, canTransition, TicketStatus];',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });

  it('keep imports pointing one way between folders', async () => {
    expect(
      await ruleIds('domain/probe.ts', "import { createDb } from '../db/connection.js';\nexport const x = createDb;"),
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*domain\/ may not import db/)]);
    expect(
      await ruleIds('db/probe.ts', "import { createApp } from '../server/app.js';\nexport const x = createApp;"),
    ).toEqual([expect.stringMatching(/db\/ may not import server/)]);
    expect(
      await ruleIds(
        'server/probe.ts',
        "import { createActivities } from '../workflows/activities/index.js';\nexport const x = createActivities;",
      ),
    ).toEqual([expect.stringMatching(/server\/ may not import workflows\/activities/)]);
  });

  it('keep ticket rules and queries in the application layer: shells call tickets/, never db/ tickets or the workflows', async () => {
    expect(
      await ruleIds(
        'server/probe.ts',
        "import { findTicketById } from '../db/tickets.js';\nexport const x = findTicketById;",
      ),
    ).toEqual([expect.stringMatching(/server\/ may not import db\/tickets\.ts/)]);
    expect(
      await ruleIds(
        'server/probe.ts',
        "import { relayPendingOutbox } from '../workflows/outbox-relay.js';\nexport const x = relayPendingOutbox;",
      ),
    ).toEqual([expect.stringMatching(/server\/ may not import workflows\/outbox-relay\.ts/)]);
    expect(
      await ruleIds(
        'admin/probe.ts',
        "import { createTicketWorkflows } from '../workflows/client.js';\nexport const x = createTicketWorkflows;",
      ),
    ).toEqual([expect.stringMatching(/admin\/ may not import workflows/)]);
    expect(
      await ruleIds(
        'admin/probe.ts',
        "import { insertMessageWithOutbox } from '../db/messages.js';\nexport const x = insertMessageWithOutbox;",
      ),
    ).toEqual([expect.stringMatching(/admin\/ may not import db\/messages\.ts/)]);
    expect(
      await ruleIds('tickets/probe.ts', "import { createApp } from '../server/app.js';\nexport const x = createApp;"),
    ).toEqual([expect.stringMatching(/tickets\/ may not import server/)]);
    expect(
      await ruleIds(
        'tickets/probe.ts',
        [
          "import { findTicketById } from '../db/tickets.js';",
          "import { isTemporalUnavailable } from '../workflows/client.js';",
          "import { addMessage } from './add-message.js';",
          'export const x = [findTicketById, isTemporalUnavailable, addMessage];',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'server/probe.ts',
        "import { addMessage } from '../tickets/add-message.js';\nexport const x = addMessage;",
      ),
    ).toEqual([]);
  });

  it('hold the portal, single-file components included, to domain imports', async () => {
    const component = [
      '<script setup lang="ts">',
      "import { createApp } from '../../../server/app.js';",
      "import { ticketStatuses } from '../../../domain/ticket-status.js';",
      'const probe = [createApp, ticketStatuses];',
      '</script>',
      '<template><p>{{ probe.length }}</p></template>',
    ].join('\n');
    expect(await ruleIds('portal/src/components/ProbeView.vue', component)).toEqual([
      expect.stringMatching(/portal\/ may not import server/),
    ]);
    expect(
      await ruleIds(
        'portal/src/probe.ts',
        "import { createDb } from '../../db/connection.js';\nexport const x = createDb;",
      ),
    ).toEqual([expect.stringMatching(/portal\/ may not import db/)]);
  });

  it('keep process.env inside config.ts', async () => {
    expect(await ruleIds('server/probe.ts', 'export const port = process.env.PORT;')).toEqual([
      expect.stringMatching(/^no-restricted-properties: .*config\.ts/),
    ]);
  });
});
