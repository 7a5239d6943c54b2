import type { Knex } from 'knex';

// Outbound webhook events are made from the audit trail, inside the transaction that appends to it:
// whoever writes a ticket_events row (the API, the back office, the mail intake, a workflow
// activity) queues its webhook deliveries with it, or neither happens. A retried activity inserts
// no second audit row (its idempotency key), so no second event either. The event id is derived
// from the audit row and the event type, so it is the same for every endpoint and every attempt.
// Which audit entries become which events (domain/webhook-events.ts documents the same table):
//   created → ticket.created; reply_added → ticket.replied (internal notes never leave);
//   sla_warning, sla_breached, escalated, rated → ticket.<same>;
//   any later entry whose `after` sets status → ticket.status_changed, sets assigneeId → ticket.assigned.
// When at least one endpoint wants the event, an outbox entry asks the relay to wake the delivery
// workflows of this ticket (workflows/outbox-relay.ts).
const fanOut = `
CREATE FUNCTION webhook_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kinds text[] := ARRAY[]::text[];
  kind text;
  new_event_id uuid;
  ticket_json jsonb;
  data jsonb;
  queued integer := 0;
  inserted integer;
BEGIN
  IF NEW.type = 'created' THEN kinds := kinds || 'ticket.created'::text; END IF;
  IF NEW.type = 'reply_added' THEN kinds := kinds || 'ticket.replied'::text; END IF;
  IF NEW.type IN ('sla_warning', 'sla_breached', 'escalated', 'rated') THEN
    kinds := kinds || ('ticket.' || NEW.type);
  END IF;
  IF NEW.type <> 'created' AND NEW.after->'status' IS NOT NULL THEN kinds := kinds || 'ticket.status_changed'::text; END IF;
  IF NEW.type <> 'created' AND NEW.after->'assigneeId' IS NOT NULL THEN kinds := kinds || 'ticket.assigned'::text; END IF;
  IF cardinality(kinds) = 0 OR NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE active AND events && kinds) THEN
    RETURN NULL;
  END IF;
  SELECT jsonb_build_object(
      'id', t.id, 'number', t.number, 'title', t.title, 'status', t.status, 'priority', t.priority,
      'category', t.category, 'channel', t.channel, 'tags', to_jsonb(t.tags),
      'requesterId', t.requester_id, 'organizationId', t.organization_id, 'teamId', t.team_id,
      'assigneeId', t.assignee_id,
      'createdAt', to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'updatedAt', to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'sla', jsonb_build_object(
        'firstResponseDueAt', to_char(t.first_response_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'resolutionDueAt', to_char(t.resolution_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'breached', t.sla_breached))
    INTO ticket_json FROM tickets t WHERE t.id = NEW.ticket_id;
  data := jsonb_build_object(
    'auditEventId', NEW.id, 'source', NEW.source, 'actorId', NEW.actor_id,
    'before', COALESCE(NEW.before, '{}'::jsonb), 'after', COALESCE(NEW.after, '{}'::jsonb));
  IF NEW.type = 'reply_added' THEN
    data := data || jsonb_build_object('message', (
      SELECT jsonb_build_object('id', m.id, 'body', m.body, 'authorId', m.author_id, 'source', m.source)
      FROM ticket_messages m WHERE m.id = (NEW.after->>'messageId')::bigint));
  END IF;
  FOREACH kind IN ARRAY kinds LOOP
    new_event_id := md5('ticket_events:' || NEW.id || ':' || kind)::uuid;
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, ticket_id, payload)
    SELECT e.id, new_event_id, kind, NEW.ticket_id, jsonb_build_object(
        'id', new_event_id, 'type', kind,
        'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'ticket', ticket_json, 'data', data)
    FROM webhook_endpoints e WHERE e.active AND kind = ANY (e.events)
    ON CONFLICT (endpoint_id, event_id) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    queued := queued + inserted;
  END LOOP;
  IF queued > 0 THEN
    INSERT INTO outbox (topic, ticket_id, payload)
    VALUES ('webhook.deliver', NEW.ticket_id, jsonb_build_object('auditEventId', NEW.id));
  END IF;
  RETURN NULL;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(fanOut);
  // The condition keeps the function out of audit entries that can never become an event.
  await knex.raw(`
    CREATE TRIGGER ticket_events_webhook_fan_out AFTER INSERT ON ticket_events FOR EACH ROW
    WHEN (NEW.type IN ('created', 'reply_added', 'sla_warning', 'sla_breached', 'escalated', 'rated')
          OR NEW.after->'status' IS NOT NULL OR NEW.after->'assigneeId' IS NOT NULL)
    EXECUTE FUNCTION webhook_fan_out()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER ticket_events_webhook_fan_out ON ticket_events');
  await knex.raw('DROP FUNCTION webhook_fan_out()');
}
