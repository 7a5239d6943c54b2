import {
  buildFeature,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type FeatureType,
  type RecordJSON,
} from 'adminjs';
import { announceSlaConfigChange } from '../../tickets/announce-sla-change.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';

/**
 * After an SLA policy or business calendar is saved or deleted, tells the running tickets it
 * affects to recompute their deadlines (`announceSlaConfigChange`).
 */
export function announceSlaEdits(tickets: TicketDeps, kind: 'policy' | 'calendar'): FeatureType {
  const announce = async (response: ActionResponse, request: ActionRequest, context: ActionContext) => {
    const created = (response as { record?: RecordJSON }).record;
    const id = Number(context.record?.id() ?? created?.params.id);
    if (request.method !== 'post' || !Number.isInteger(id) || context.record?.isValid() === false) return response;
    await announceSlaConfigChange(
      tickets.db,
      tickets.workflows,
      kind === 'policy' ? { policyId: id } : { calendarId: id },
      tickets.logger,
    );
    return response;
  };
  return buildFeature({
    actions: { new: { after: announce }, edit: { after: announce }, delete: { after: announce } },
  });
}
