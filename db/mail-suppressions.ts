import type { Knex } from 'knex';

/** Records a bounce: no mail goes to `address` for `suppressFor` seconds from now (longer on repeated bounces). */
export async function recordBounce(
  db: Knex,
  address: string,
  detail: string,
  suppressForSeconds: number,
): Promise<void> {
  await db.raw(
    `insert into mail_suppressions (address, reason, detail, suppressed_until)
     values (?, 'bounce', ?, now() + make_interval(secs => ?))
     on conflict ((lower(address))) do update set
       detail = excluded.detail,
       bounce_count = mail_suppressions.bounce_count + 1,
       last_bounced_at = now(),
       suppressed_until = greatest(mail_suppressions.suppressed_until,
         now() + make_interval(secs => ? * least(mail_suppressions.bounce_count + 1, 8))),
       updated_at = now()`,
    [address.trim(), detail.slice(0, 1000), suppressForSeconds, suppressForSeconds],
  );
}

/** Why mail to `address` is held back right now, or null when it may be sent. */
export async function findActiveSuppression(db: Knex, address: string): Promise<string | null> {
  const row = await db('mail_suppressions')
    .whereRaw('lower(address) = lower(?)', [address.trim()])
    .where('suppressed_until', '>', db.fn.now())
    .first('reason', 'detail', 'suppressed_until');
  return row
    ? `${row.reason} (${row.detail ?? 'no detail'}); held until ${new Date(row.suppressed_until).toISOString()}`
    : null;
}
