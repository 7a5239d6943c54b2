import { buildFeature, type ActionContext, type ActionRequest, type FeatureType } from 'adminjs';
import type { Db } from '../../db/connection.js';
import type { TicketWorkflows } from '../../workflows/client.js';
import { reassignOpenTicketsOf } from '../../workflows/agent-availability.js';
import { backOfficeActor } from '../admin-context.js';

type Tracked = ActionContext & { wasOn?: boolean };

/**
 * When an edit turns `flag` off (a user deactivated, a team member made unavailable), asks the
 * workflows of that person's open tickets to give them to someone else (`reassignOpenTicketsOf`).
 */
export function reassignWhenUnavailable(db: Db, workflows: TicketWorkflows, flag: 'active' | 'available', userIdColumn: 'id' | 'user_id'): FeatureType {
  return buildFeature({
    actions: {
      edit: {
        before: async (request: ActionRequest, context: Tracked) => {
          context.wasOn = context.record?.params[flag] === true;
          return request;
        },
        after: async (response: any, request: ActionRequest, context: Tracked) => {
          const record = context.record;
          if (request.method !== 'post' || !record?.isValid() || !context.wasOn || record.params[flag] !== false) return response;
          await reassignOpenTicketsOf(db, workflows, Number(record.params[userIdColumn]), backOfficeActor(context.currentAdmin));
          return response;
        },
      },
    },
  });
}
