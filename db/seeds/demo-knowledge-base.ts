import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertArticle } from '../kb-articles.js';

const categories = [
  {
    name: 'Account and sign-in',
    slug: 'account',
    description: 'Passwords, single sign-on, your profile',
    position: 10,
  },
  { name: 'Billing and plans', slug: 'billing', description: 'Invoices, seats, payment details', position: 20 },
  { name: 'Troubleshooting', slug: 'troubleshooting', description: 'When something does not work', position: 30 },
];

type DemoArticle = {
  title: string;
  slug: string;
  category: string;
  language: 'en' | 'de';
  tags: string[];
  body: string;
  status?: 'draft';
  organization?: string;
};

const articles: DemoArticle[] = [
  {
    title: 'Reset your password',
    slug: 'reset-your-password',
    category: 'account',
    language: 'en',
    tags: ['password', 'login', 'locked'],
    body: `If you forgot your password or your account is locked after too many attempts:

1. Open the sign-in page and choose **Forgot password**.
2. Enter your e-mail address; we send a reset link that works for 30 minutes.
3. Choose a new password of at least 12 characters.

## Still locked?

A locked account unlocks by itself after 15 minutes. If it does not, raise a ticket and we unlock it for you.`,
  },
  {
    title: 'Sign in with Microsoft Entra ID (single sign-on)',
    slug: 'single-sign-on-entra-id',
    category: 'account',
    language: 'en',
    tags: ['sso', 'entra', 'azure', 'login'],
    body: `Your administrator can let people sign in with their Microsoft work account.

- New users must be **assigned to the application** in Entra ID, otherwise they see *user not provisioned*.
- It can take up to 10 minutes for a new assignment to reach us.

See [Microsoft's guide to assigning users](https://learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal).`,
  },
  {
    title: 'Change your billing address',
    slug: 'change-billing-address',
    category: 'billing',
    language: 'en',
    tags: ['invoice', 'address'],
    body: `Billing addresses appear on every invoice from the next one on.

1. Go to **Settings → Billing**.
2. Edit the address and save.

Invoices already issued keep the old address; ask us if you need one reissued.`,
  },
  {
    title: 'Add or remove seats on your plan',
    slug: 'add-or-remove-seats',
    category: 'billing',
    language: 'en',
    tags: ['seats', 'plan', 'licenses'],
    body: `Seats you add are charged pro rata on your next invoice; seats you remove are credited at the end of the billing period.

Admins change seats under **Settings → Plan**.`,
  },
  {
    title: 'Export large tables to CSV',
    slug: 'export-large-tables-csv',
    category: 'troubleshooting',
    language: 'en',
    tags: ['export', 'csv', 'timeout'],
    body: `Exports of more than 10,000 rows run in the background: you get an e-mail with a download link when the file is ready.

If the browser shows a **timeout**, the export is still running; do not start it again. Filters (date range, status) make exports faster.`,
  },
  {
    title: 'Webhook deliveries are late',
    slug: 'webhook-deliveries-late',
    category: 'troubleshooting',
    language: 'en',
    tags: ['webhooks', 'delay'],
    body: `Deliveries retry with backoff when your endpoint answers slowly or with an error, so one slow endpoint delays its own events.

Check that your endpoint answers within 5 seconds with a 2xx status.`,
  },
  {
    title: 'Acme premium support hours',
    slug: 'acme-premium-support-hours',
    category: 'account',
    language: 'en',
    tags: ['premium', 'acme'],
    organization: 'Acme Corp',
    body: `As an Acme premium customer you reach us **Monday to Friday, 08:00–20:00 Berlin time**, and urgent incidents around the clock.`,
  },
  {
    title: 'Dark mode',
    slug: 'dark-mode',
    category: 'troubleshooting',
    language: 'en',
    tags: ['feature'],
    status: 'draft',
    body: 'Dark mode is planned for the next release. (Draft: confirm the date before publishing.)',
  },
  {
    title: 'Passwort zurücksetzen',
    slug: 'passwort-zuruecksetzen',
    category: 'account',
    language: 'de',
    tags: ['passwort', 'anmeldung', 'gesperrt'],
    body: `Wenn Sie Ihr Passwort vergessen haben oder Ihr Konto nach zu vielen Versuchen gesperrt ist:

1. Öffnen Sie die Anmeldeseite und wählen Sie **Passwort vergessen**.
2. Geben Sie Ihre E-Mail-Adresse ein; der Link zum Zurücksetzen gilt 30 Minuten.
3. Wählen Sie ein neues Passwort mit mindestens 12 Zeichen.

Gesperrte Konten werden nach 15 Minuten automatisch entsperrt.`,
  },
  {
    title: 'Rechnungsadresse ändern',
    slug: 'rechnungsadresse-aendern',
    category: 'billing',
    language: 'de',
    tags: ['rechnung', 'adresse'],
    body: `Die Rechnungsadresse ändern Sie unter **Einstellungen → Abrechnung**. Sie gilt ab der nächsten Rechnung.`,
  },
];

/**
 * The help centre of the demo: three topics, articles in English and German (one only for Acme, one
 * draft), and a few new-ticket form visits where suggestions were shown, opened or solved the problem.
 */
export async function seedDemoKnowledgeBase(db: Knex, authorId: number): Promise<void> {
  const rows = await db('kb_categories').insert(categories).returning(['id', 'slug']);
  const categoryId = (slug: string) => rows.find((r) => r.slug === slug)?.id as number;
  const ids: Record<string, number> = {};
  for (const a of articles) {
    const organization = a.organization
      ? ((await db('organizations').where({ name: a.organization }).first('id'))?.id as number)
      : null;
    ids[a.slug] = (
      await insertArticle(db, {
        title: a.title,
        slug: a.slug,
        body: a.body,
        language: a.language,
        categoryId: categoryId(a.category),
        tags: a.tags,
        status: a.status ?? 'published',
        visibility: organization ? 'organization' : 'everyone',
        organizationId: organization,
        authorId,
      })
    ).id;
  }
  // Five form visits over the last days: two solved by an article, one opened without luck, two not.
  const visits: [string[], string, number][] = [
    [['shown', 'opened', 'solved'], 'reset-your-password', 1],
    [['shown', 'opened', 'solved'], 'change-billing-address', 2],
    [['shown', 'opened'], 'export-large-tables-csv', 2],
    [['shown'], 'add-or-remove-seats', 3],
    [['shown'], 'passwort-zuruecksetzen', 4],
  ];
  for (const [steps, slug, daysAgo] of visits) {
    const sessionId = randomUUID();
    const at = Date.now() - daysAgo * 86_400_000;
    await db('kb_deflection_events').insert(
      steps.map((type, i) => ({
        session_id: sessionId,
        type,
        article_id: ids[slug],
        channel: daysAgo % 2 ? 'portal' : 'guest',
        query: slug.replace(/-/g, ' '),
        created_at: new Date(at + i * 60_000),
      })),
    );
  }
}
