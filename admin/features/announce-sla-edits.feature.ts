import { buildFeature, type ActionContext, type ActionRequest, type FeatureType } from 'adminjs';
import type { Db } from '../../db/connection.js';
import type { TicketWorkflows } from '../../workflows/client.js';
import { announceSlaConfigChange } from '../../workflows/sla-config-changes.js';

/**
 * After an SLA policy or business calendar is saved or deleted, tells the running tickets it
 * affects to recompute their deadlines (`announceSlaConfigChange`).
 */
export function announceSlaEdits(db: Db, workflows: TicketWorkflows, kind: 'policy' | 'calendar'): FeatureType {
  const announce = async (response: any, request: ActionRequest, context: ActionContext) => {
    const id = Number(context.record?.id() ?? response?.record?.params?.id);
    if (request.method !== 'post' || !Number.isInteger(id) || context.record?.isValid() === false) return response;
    await announceSlaConfigChange(db, workflows, kind === 'policy' ? { policyId: id } : { calendarId: id });
    return response;
  };
  return buildFeature({ actions: { new: { after: announce }, edit: { after: announce }, delete: { after: announce } } });
}
