// @ts-check
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import pluginVue from 'eslint-plugin-vue';
import prettierOff from 'eslint-config-prettier';

const folders = [
  'domain',
  'db',
  'workflows',
  'notify',
  'tickets',
  'mail',
  'server',
  'admin',
  'portal',
  'dev',
  'cli',
  'tests',
  'bench',
];

/** The db/ modules about tickets: only the application layer (tickets/) and the workflow's activities use them. */
const ticketQueries = [
  'db/tickets.ts',
  'db/messages.ts',
  'db/conversation-marks.ts',
  'db/attachments.ts',
  'db/ratings.ts',
  'db/ticket-events.ts',
  'db/ticket-listing.ts',
  'db/ticket-changes.ts',
  'db/ticket-tags.ts',
  'db/outbox.ts',
  'db/guest-links.ts',
  'db/dashboard-figures.ts',
];

/** Workflow internals no shell and no application code may reach (they talk to workflows through client.ts). */
const workflowInternals = [
  'workflows/activities',
  'workflows/lifecycle',
  'workflows/histories',
  'workflows/ticket-lifecycle.workflow.ts',
  'workflows/worker.ts',
  'workflows/worker-process.ts',
];

/** Folders a folder must not import from (DESIGN.md's layout table, enforced). */
const forbidden = {
  domain: [...folders.filter((f) => f !== 'domain'), 'config.ts'],
  db: ['workflows', 'notify', 'tickets', 'mail', 'server', 'admin', 'portal', 'dev', 'cli', 'tests', 'bench'],
  notify: ['db', 'workflows', 'tickets', 'mail', 'server', 'admin', 'portal', 'dev', 'cli', 'tests', 'bench'],
  workflows: ['tickets', 'server', 'admin', 'portal', 'dev', 'cli', 'tests', 'bench'],
  // The application layer: every ticket command and query, over domain, db, the workflow door and notify.
  tickets: ['mail', 'server', 'admin', 'portal', 'dev', 'cli', 'tests', 'bench', ...workflowInternals],
  // The e-mail channel: domain, db (its own tables), tickets (every ticket command), notify's Mailer type.
  mail: [
    'server',
    'admin',
    'portal',
    'dev',
    'cli',
    'tests',
    'bench',
    ...ticketQueries,
    ...workflowInternals,
    'workflows/outbox-relay.ts',
  ],
  // Shells translate HTTP to tickets/ calls; the workflow door only for composition and health checks.
  server: [
    'notify',
    'portal',
    'dev',
    'cli',
    'tests',
    'bench',
    ...ticketQueries,
    ...workflowInternals,
    'workflows/outbox-relay.ts',
  ],
  admin: ['server', 'notify', 'portal', 'dev', 'cli', 'tests', 'bench', 'workflows', ...ticketQueries],
  portal: folders.filter((f) => f !== 'portal' && f !== 'domain'),
};

const zones = Object.entries(forbidden).flatMap(([target, from]) =>
  from.map((source) => ({
    target: `./${target}`,
    from: `./${source}`,
    message: `${target}/ may not import ${source} (see DESIGN.md's layout).`,
  })),
);

// Workflow code is replayed deterministically inside Temporal's sandbox: no Node APIs, no I/O,
// nothing but the workflow SDK, our pure domain rules, other workflow code and activity *types*.
function workflowCodeRules(files, localModules) {
  const allowed = String.raw`^@temporalio/(workflow|common)$|^(\.\./)+domain/|` + localModules;
  return {
    files,
    rules: {
      'import-x/no-nodejs-modules': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!(${allowed})|(\\.\\./|\\./)activities/).*`,
              message:
                'Workflow code may import only @temporalio/workflow, @temporalio/common, domain/ and other workflow code.',
            },
            {
              regex: String.raw`^(\.\./|\./)activities/`,
              allowTypeImports: true,
              message: 'Workflow code imports activities with `import type` only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'fetch', message: 'Do I/O in an activity.' },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'portal/dist/',
      'dist/',
      'test-artifacts/',
      'coverage/',
      '**/*.js',
      '!eslint.config.js',
    ],
  },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    // Single-file components: Vue's own rules, TypeScript in <script setup>, and the same import directions.
    files: ['portal/**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.ts', 'admin/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    // Resolves our `./x.js` specifiers to the `./x.ts` sources, so path rules see every import.
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through config.ts (loadConfig), parsed once.' },
      ],
    },
  },
  {
    // The worker process is a composition root: it wires the e-mail channel's attachment store (tickets/files).
    files: ['workflows/worker-process.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // Tests, beside their code or in tests/, may reach anything they need to set up the real thing.
    files: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // The orchestrator composes child environments, and tests find the machine's tools.
    files: ['config.ts', 'dev/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  workflowCodeRules(
    ['workflows/*.workflow.ts', 'workflows/search-attributes.ts', 'workflows/task-queue.ts'],
    String.raw`\./(search-attributes|task-queue)\.js$|^\./[\w-]+\.workflow\.js$|^\./lifecycle/`,
  ),
  workflowCodeRules(
    ['workflows/lifecycle/**/*.ts'],
    String.raw`\./[\w-]+\.js$|^\.\./(search-attributes|task-queue)\.js$`,
  ),
  {
    // Unit tests beside workflow parts run in Node under vitest, not in the workflow sandbox.
    files: ['workflows/lifecycle/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  // Layout belongs to Prettier (`npm run format`); this turns off the lint rules that would fight it.
  prettierOff,
);
