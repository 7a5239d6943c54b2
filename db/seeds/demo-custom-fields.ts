import type { Knex } from 'knex';

/**
 * A few custom fields and a tag list a support team starts from. None is required for a status, so
 * the demo tickets move as before; free tags stay allowed (Ticket settings).
 */
export async function seedDemoCustomFields(db: Knex): Promise<void> {
  await db('custom_fields').insert([
    {
      key: 'product',
      label: 'Product',
      description: 'Which of our products the request is about',
      type: 'single_select',
      options: JSON.stringify(['Laptop', 'Printer', 'Phone', 'Other']),
      customer_visible: true,
      customer_editable: true,
      position: 10,
    },
    {
      key: 'under_warranty',
      label: 'Under warranty',
      type: 'checkbox',
      customer_visible: true,
      position: 20,
    },
    {
      key: 'affected_users',
      label: 'Affected users',
      description: 'How many people cannot work because of it (staff only)',
      type: 'number',
      position: 30,
    },
  ]);
  await db('tags').insert(
    [
      ['vip', 'Key accounts: answer first'],
      ['billing', 'Invoices, refunds, payment methods'],
      ['needs-info', 'Waiting for details from the customer'],
      ['escalated', 'Raised to urgent by an agent'],
    ].map(([name, description]) => ({ name, description })),
  );
}
