import type { Action, ActionContext, ActionRequest, ActionResponse, RecordActionResponse } from 'adminjs';
import { listActiveMacros } from '../../db/macros.js';
import type { Macro } from '../../domain/macro-schemas.js';
import { applyMacro, applyMacroToTickets, previewMacro } from '../../tickets/apply-macro.js';
import { listAssignmentChoices } from '../../tickets/assignment-choices.js';
import { refused, type Outcome } from '../../tickets/outcome.js';
import { type AdminContext, backOfficeTicketActor } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { formAction } from '../write-actions.js';
import { failureOf, noticeOf } from './outcome-notice.js';

const macroIdOf = (value: unknown): number | null => (/^\d{1,9}$/.test(String(value ?? '')) ? Number(value) : null);
const noMacro = refused('invalid_input', 'Choose a macro to apply.', {
  issues: [{ path: 'macroId', message: 'is required' }],
});

// What the macro will change besides the reply, in words, for the preview.
async function actionsInWords(context: AdminContext, macro: Macro): Promise<string[]> {
  const { staff, teams } = await listAssignmentChoices(context.db);
  const nameOf = (list: { id: number; name: string }[], id: number) => list.find((x) => x.id === id)?.name ?? `#${id}`;
  return [
    macro.setStatus && `Status → ${macro.setStatus.replace('_', ' ')}`,
    macro.setPriority && `Priority → ${macro.setPriority}`,
    macro.setTeamId && `Team → ${nameOf(teams, macro.setTeamId)}`,
    macro.setAssigneeId && `Assignee → ${nameOf(staff, macro.setAssigneeId)}`,
    macro.addTags.length > 0 && `Add tags: ${macro.addTags.join(', ')}`,
    macro.removeTags.length > 0 && `Remove tags: ${macro.removeTags.join(', ')}`,
  ].filter((x): x is string => Boolean(x));
}

/**
 * Opening the form (a GET) lists the active macros; with `?macroId=` it also answers the reply that
 * macro would post on this ticket, for the preview. Nothing is applied on a GET.
 */
const loadForm =
  (context: AdminContext) =>
  async (request: ActionRequest, _response: unknown, { record, records, currentAdmin }: ActionContext) => {
    const macros = (await listActiveMacros(context.db)).map((m) => ({ value: String(m.id), label: m.name }));
    const macroId = macroIdOf(request.query?.macroId);
    const target = record ?? records?.[0];
    const preview =
      macroId !== null && target
        ? await previewMacro(context.tickets, Number(target.id()), macroId, backOfficeTicketActor(currentAdmin))
        : null;
    return {
      ...(record
        ? { record: record.toJSON(currentAdmin) }
        : { records: (records ?? []).map((r) => r.toJSON(currentAdmin)) }),
      choices: { macroId: macros },
      ...(preview?.kind === 'ok'
        ? {
            preview: {
              ticketNumber: String(target?.params.number),
              body: preview.value.body,
              internal: preview.value.macro.internal,
              actions: await actionsInWords(context, preview.value.macro),
            },
          }
        : {}),
    };
  };

/** "Apply macro" on one ticket: pick a macro, see its reply for this ticket, apply it. */
function applyMacroAction(context: AdminContext): Partial<Action<ActionResponse>> {
  return formAction(loadForm(context), {
    actionType: 'record',
    icon: 'Zap',
    component: Components.ApplyMacro,
    handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { record, resource, currentAdmin, h } = actionContext;
      if (!record) throw new Error('No ticket');
      const macroId = macroIdOf(request.payload?.macroId);
      const outcome: Outcome<unknown> =
        macroId === null
          ? noMacro
          : await applyMacro(context.tickets, Number(record.id()), macroId, backOfficeTicketActor(currentAdmin));
      const fresh = (await resource.findOne(String(record.id()))) ?? record;
      const worked = outcome.kind === 'ok';
      return {
        record: fresh.toJSON(currentAdmin),
        outcome: worked ? { ok: true } : { ok: false, message: failureOf(outcome) },
        notice: noticeOf(String(record.params.number), 'macro applied', outcome),
        ...(worked
          ? {
              redirectUrl: h.recordActionUrl({
                resourceId: 'tickets',
                recordId: String(record.id()),
                actionName: 'show',
              }),
            }
          : {}),
      } as RecordActionResponse;
    },
  });
}

/** "Apply macro" on the selected tickets: one outcome per ticket, in the notice and the form. */
function bulkApplyMacroAction(context: AdminContext): Partial<Action<ActionResponse>> {
  return formAction(loadForm(context), {
    actionType: 'bulk',
    icon: 'Zap',
    component: Components.ApplyMacro,
    custom: { bulk: true },
    handler: async (request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { records = [], currentAdmin, h } = actionContext;
      const macroId = macroIdOf(request.payload?.macroId);
      const outcomes: Outcome<unknown>[] =
        macroId === null
          ? records.map(() => noMacro)
          : (
              await applyMacroToTickets(
                context.tickets,
                records.map((r) => Number(r.id())),
                macroId,
                backOfficeTicketActor(currentAdmin),
              )
            ).map((r) => r.outcome);
      const results = records.map((record, i) => {
        const outcome = outcomes[i] as Outcome<unknown>;
        return {
          id: String(record.id()),
          number: String(record.params.number),
          ok: outcome.kind === 'ok',
          message: failureOf(outcome) ?? 'macro applied',
        };
      });
      const failed = results.filter((r) => !r.ok);
      const applied = results.filter((r) => r.ok).map((r) => r.number);
      const message =
        failed.length === 0
          ? `Macro applied to ${results.length} ticket(s): ${applied.join(', ')}.`
          : `Macro applied to ${applied.length} of ${results.length}${applied.length ? ` (${applied.join(', ')})` : ''}; refused: ${failed.map((f) => `${f.number} (${f.message})`).join('; ')}`;
      return {
        records: records.map((r) => r.toJSON(currentAdmin)),
        results,
        notice: { message, type: failed.length === 0 ? 'success' : 'error' },
        ...(failed.length === 0 ? { redirectUrl: h.resourceUrl({ resourceId: 'tickets' }) } : {}),
      };
    },
  });
}

/** The ticket actions that apply a macro: to one ticket, and to a selection. */
export function macroActions(context: AdminContext): Record<string, Partial<Action<ActionResponse>>> {
  return { applyMacro: applyMacroAction(context), bulkApplyMacro: bulkApplyMacroAction(context) };
}
