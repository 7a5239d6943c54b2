import type { TicketWorkflows } from '../workflows/client.js';
import { recordWorkflowCall } from './metrics.js';

// Health probes are not workflow calls; counting them would drown the real ones.
const uncounted = new Set<string | symbol>(['client', 'isReachable']);

/**
 * The ticket workflow door with every call counted in `workflow_calls_total{operation,outcome}`.
 * It wraps whatever operations the door has, so ones added later are counted too.
 */
export function instrumentWorkflows(door: TicketWorkflows): TicketWorkflows {
  return new Proxy(door, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || uncounted.has(property)) return value;
      const operation = String(property);
      return async (...args: unknown[]) => {
        try {
          const result: unknown = await (value as (...a: unknown[]) => unknown).apply(target, args);
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
