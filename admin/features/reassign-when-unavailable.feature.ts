import { buildFeature, type ActionContext, type ActionRequest, type ActionResponse, type FeatureType } from 'adminjs';
import { reassignOpenTicketsOf } from '../../tickets/reassign-open-tickets.js';
import type { TicketDeps } from '../../tickets/ticket-deps.js';
import { backOfficeActor } from '../admin-context.js';

type Tracked = ActionContext & { wasOn?: boolean };

/**
 * When an edit turns `flag` off (a user deactivated, a team member made unavailable), asks the
 * workflows of that person's open tickets to give them to someone else (`reassignOpenTicketsOf`).
 */
export function reassignWhenUnavailable(
  tickets: TicketDeps,
  flag: 'active' | 'available',
  userIdColumn: 'id' | 'user_id',
): FeatureType {
  return buildFeature({
    actions: {
      edit: {
        before: async (request: ActionRequest, context: Tracked) => {
          context.wasOn = context.record?.params[flag] === true;
          return request;
        },
        after: async (response: ActionResponse, request: ActionRequest, context: Tracked) => {
          const record = context.record;
          if (request.method !== 'post' || !record?.isValid() || !context.wasOn || record.params[flag] !== false)
            return response;
          await reassignOpenTicketsOf(
            tickets.db,
            tickets.workflows,
            Number(record.params[userIdColumn]),
            backOfficeActor(context.currentAdmin),
            tickets.logger,
          );
          return response;
        },
      },
    },
  });
}
