import type { TicketWorkflows } from '../workflows/client.js';
import { recordWorkflowCall } from './metrics.js';
import { currentRequestContext } from './request-context.js';

// Health probes are not workflow calls; counting them would drown the real ones. Closing is none either.
const uncounted = new Set<string | symbol>(['client', 'isReachable', 'close']);

/**
 * The ticket workflow door with every call counted in `workflow_calls_total{operation,outcome}`
 * and carrying the request id to Temporal as gRPC metadata (`x-request-id`), so a request can be
 * followed into the workflow engine's logs. It wraps whatever operations the door has.
 */
export function instrumentWorkflows(door: TicketWorkflows): TicketWorkflows {
  return new Proxy(door, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || uncounted.has(property)) return value;
      const operation = String(property);
      return async (...args: unknown[]) => {
        try {
          const call = () => (value as (...a: unknown[]) => unknown).apply(target, args) as Promise<unknown>;
          const requestId = currentRequestContext()?.requestId;
          const result: unknown = await (requestId
            ? target.client.connection.withMetadata({ 'x-request-id': requestId }, call)
            : call());
          recordWorkflowCall(operation, 'ok');
          return result;
        } catch (error) {
          recordWorkflowCall(operation, 'error');
          throw error;
        }
      };
    },
  });
}
