import React, { useEffect, useState } from 'react';
import { ApiClient, type ActionProps } from 'adminjs';
import { Badge, Box, Button, H3, H5, Link, MessageBox, Text } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import TicketPresenceBar from './ticket-presence.js';
import { useTicketPresence } from './ticket-presence-hook.js';

type Person = { id: number; name: string; email: string } | null;
interface Overview {
  workflowId: string;
  temporalUrl: string | null;
  sla: {
    snapshot: {
      breached: boolean;
      paused: boolean;
      nextTimer: { kind: string; at: string } | null;
      clock: {
        policyName: string;
        calendarName: string;
        firstResponse: { dueAt: string | null; metAt: string | null; breachedAt: string | null };
        resolution: { dueAt: string | null; metAt: string | null; breachedAt: string | null };
      } | null;
    } | null;
    error: string | null;
  };
  messages: {
    id: number;
    author: Person;
    body: string;
    internal: boolean;
    createdAt: string;
    /** Where an internal note names a staff member (`@handle`), from the server. */
    mentions?: { handle: string; start: number; end: number }[];
  }[];
  events: {
    id: number;
    type: string;
    source: string;
    actor: Person;
    before: unknown;
    after: unknown;
    createdAt: string;
  }[];
  tags: string[];
  /** The ticket's custom field values by label (switched-off fields too: their values stay). */
  customFields: {
    key: string;
    label: string;
    type: string;
    value: string | number | boolean | string[];
    active: boolean;
  }[];
}

const shownValue = (f: Overview['customFields'][number]) =>
  Array.isArray(f.value)
    ? f.value.join(', ')
    : typeof f.value === 'boolean'
      ? f.value
        ? 'Yes'
        : 'No'
      : String(f.value);

const api = new ApiClient();
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

function Target({
  name,
  target,
}: {
  name: string;
  target: { dueAt: string | null; metAt: string | null; breachedAt: string | null };
}) {
  const state = target.metAt
    ? `met ${when(target.metAt)}`
    : target.breachedAt
      ? `breached ${when(target.breachedAt)}`
      : `due ${when(target.dueAt)}`;
  return <Text data-testid={`sla-${name.replace(' ', '-').toLowerCase()}`}>{`${name}: ${state}`}</Text>;
}

/** A note's text with each `@handle` that names a staff member highlighted (as text: React escapes it). */
function NoteBody({ body, mentions = [] }: { body: string; mentions?: Overview['messages'][number]['mentions'] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const span of mentions) {
    if (span.start < at) continue;
    parts.push(body.slice(at, span.start));
    parts.push(
      <mark
        key={span.start}
        data-testid="mention"
        style={{ background: '#e3ebff', color: '#2043c7', fontWeight: 600, borderRadius: 3, padding: '0 2px' }}
      >
        {body.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  }
  parts.push(body.slice(at));
  return <Text style={{ whiteSpace: 'pre-wrap' }}>{parts}</Text>;
}

/** The ticket page: fields, the workflow link, the live SLA state, the conversation and the audit trail. */
const TicketOverview: React.FC<ActionProps> = ({ record, resource }) => {
  const [overview, setOverview] = useState<Overview | null>(null);
  const navigate = useNavigate();
  // A reply or change by someone else shows up in the conversation and the audit trail as it happens.
  const [changes, setChanges] = useState(0);
  const presence = useTicketPresence(record?.id ? Number(record.id) : null, () => setChanges((n) => n + 1));
  const params = record?.params ?? {};
  // A good answer becomes a help-centre draft (ticket_messages' draftArticle action), opened for editing.
  const draftArticle = async (messageId: number) => {
    if (!window.confirm('Start a draft help-centre article from this message?')) return;
    const res = await api.recordAction({
      resourceId: 'ticket_messages',
      recordId: String(messageId),
      actionName: 'draftArticle',
      method: 'post',
    });
    const redirectUrl = (res.data as unknown as { redirectUrl?: string }).redirectUrl;
    if (redirectUrl) navigate(redirectUrl);
  };
  const populated = record?.populated ?? {};
  const nameOf = (key: string) =>
    (populated[key]?.title as string | undefined) ?? (params[key] ? `#${String(params[key])}` : '—');

  useEffect(() => {
    void api
      .recordAction({ resourceId: resource.id, recordId: record?.id ?? '', actionName: 'overview' })
      .then((res) => setOverview((res.data as unknown as { overview: Overview }).overview));
  }, [record?.id, params.version, changes]);

  // A link to a note (`…/show#message-42`, as in a mention's e-mail) scrolls to it once the conversation is in.
  useEffect(() => {
    const anchor = window.location.hash.slice(1);
    if (overview && anchor.startsWith('message-')) document.getElementById(anchor)?.scrollIntoView({ block: 'center' });
  }, [overview]);

  const sla = overview?.sla.snapshot;
  return (
    <Box variant="container" data-testid="ticket-overview">
      <H3>{`${String(params.number)} · ${String(params.title)}`}</H3>
      <Box flex flexDirection="row" style={{ gap: 8 }} mb="lg">
        <Badge variant="primary">{String(params.status)}</Badge>
        <Badge variant={params.priority === 'urgent' ? 'danger' : 'secondary'}>{String(params.priority)}</Badge>
        {params.sla_breached === true && <Badge variant="danger">SLA breached</Badge>}
      </Box>
      <TicketPresenceBar presence={presence} />
      <Text mb="sm">{`Requester: ${nameOf('requester_id')} · Assignee: ${nameOf('assignee_id')} · Team: ${nameOf('team_id')} · Created ${when(params.created_at as string)}`}</Text>
      <Text mb="lg" style={{ whiteSpace: 'pre-wrap' }}>
        {String(params.description ?? '')}
      </Text>

      {overview && (overview.tags.length > 0 || overview.customFields.length > 0) && (
        <Box mb="lg" data-testid="ticket-fields">
          {overview.tags.length > 0 && <Text mb="sm">{`Tags: ${overview.tags.join(', ')}`}</Text>}
          {overview.customFields.map((f) => (
            <Text key={f.key} data-testid={`custom-field-${f.key}`}>
              <strong>{f.label}</strong>
              {`: ${shownValue(f)}${f.active ? '' : ' (field switched off)'}`}
            </Text>
          ))}
        </Box>
      )}

      <H5>Workflow and SLA</H5>
      {overview?.temporalUrl ? (
        <Link
          href={overview.temporalUrl}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="temporal-link"
        >{`Open ${overview.workflowId} in the Temporal UI`}</Link>
      ) : (
        <Text>{`Workflow ${String(params.workflow_id)} (set TEMPORAL_UI_URL to link it to the Temporal UI)`}</Text>
      )}
      {overview?.sla.error && <MessageBox variant="warning" message={overview.sla.error} />}
      {sla?.clock ? (
        <Box mt="default" data-testid="sla-state">
          <Text>{`Policy ${sla.clock.policyName} on calendar ${sla.clock.calendarName}${sla.paused ? ' · clock paused' : ''}${sla.breached ? ' · breached' : ''}`}</Text>
          <Target name="First response" target={sla.clock.firstResponse} />
          <Target name="Resolution" target={sla.clock.resolution} />
          {sla.nextTimer && <Text>{`Next: ${sla.nextTimer.kind} at ${when(sla.nextTimer.at)}`}</Text>}
        </Box>
      ) : (
        overview &&
        !overview.sla.error && (
          <Text mt="default" data-testid="sla-state">
            {sla
              ? 'No SLA policy applies to this ticket.'
              : 'The workflow is not running (closed, or not started yet).'}
          </Text>
        )
      )}

      <H5 mt="xl">Conversation</H5>
      <Box data-testid="conversation">
        {(overview?.messages ?? []).map((m) => (
          <Box
            key={m.id}
            id={`message-${m.id}`}
            mb="default"
            p="default"
            style={{
              background: m.internal ? '#fff8e1' : '#f4f6f8',
              borderLeft: m.internal ? '4px solid #f0a500' : '4px solid #4268f6',
            }}
            data-testid={m.internal ? 'internal-note' : 'reply'}
          >
            <Text fontWeight="bold">{`${m.author?.name ?? 'System'} · ${when(m.createdAt)}${m.internal ? ' · internal note (staff only)' : ''}`}</Text>
            <NoteBody body={m.body} mentions={m.mentions} />
            <Button
              size="sm"
              variant="text"
              mt="sm"
              data-testid="draft-article"
              onClick={() => void draftArticle(m.id)}
            >
              Turn into a draft article
            </Button>
          </Box>
        ))}
        {overview && overview.messages.length === 0 && <Text>No messages yet.</Text>}
      </Box>

      <H5 mt="xl">Audit trail</H5>
      <Box as="ol" data-testid="audit-trail">
        {(overview?.events ?? []).map((e) => (
          <li key={e.id}>
            <Text>{`${when(e.createdAt)} · ${e.type} · ${e.actor?.name ?? e.source}${e.after ? ` · ${JSON.stringify(e.after)}` : ''}`}</Text>
          </li>
        ))}
      </Box>
    </Box>
  );
};

export default TicketOverview;
