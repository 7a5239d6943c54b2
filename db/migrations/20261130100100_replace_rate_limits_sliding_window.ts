import type { Knex } from 'knex';

// Rate limits move from fixed windows (up to twice the limit across a window boundary) to a sliding
// log: each key keeps the times of its recent allowed requests (at most `limit` of them), and a
// request is allowed only while fewer than `limit` fall within the last `window` seconds. One call
// of rate_limit_hit is atomic (row lock), so server replicas share the counters exactly.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').primary();
    t.specificType('hits', 'timestamptz[]').notNullable().defaultTo('{}');
    t.timestamp('last_hit_at', { useTz: true }).notNullable().index();
  });
  await knex.raw(`
    create function rate_limit_hit(p_key text, p_limit integer, p_window double precision, p_at timestamptz)
    returns table (allowed boolean, retry_in double precision) language plpgsql as $$
    declare
      stored timestamptz[];
      kept timestamptz[];
    begin
      insert into rate_limits (key, hits, last_hit_at) values (p_key, '{}', p_at) on conflict (key) do nothing;
      select hits into stored from rate_limits where key = p_key for update;
      select coalesce(array_agg(h order by h), '{}') into kept
        from unnest(stored) as h where h > p_at - make_interval(secs => p_window);
      if cardinality(kept) < p_limit then
        update rate_limits set hits = kept || p_at, last_hit_at = p_at where key = p_key;
        return query select true, 0::double precision;
      else
        update rate_limits set hits = kept, last_hit_at = p_at where key = p_key;
        return query select false, extract(epoch from kept[cardinality(kept) - p_limit + 1]
                                   + make_interval(secs => p_window) - p_at)::double precision;
      end if;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function rate_limit_hit(text, integer, double precision, timestamptz)');
  await knex.schema.dropTable('rate_limits');
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').primary();
    t.timestamp('window_start', { useTz: true }).notNullable().index();
    t.integer('hits').notNullable();
  });
}
