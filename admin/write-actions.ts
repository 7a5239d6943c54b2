import type AdminJS from 'adminjs';
import type { Action, ActionContext, ActionHandler, ActionRequest, ActionResponse, Before } from 'adminjs';

/**
 * What TicketFlow adds to an AdminJS action: whether its handler may run on a GET. AdminJS calls
 * every action with GET to show it (the record of an edit or delete page, a custom form's choices)
 * and expects each handler to hold back on `get` itself; one that forgets writes on a plain link.
 */
interface MethodContract {
  /** The action only reads (the ticket overview): its handler may run on GET. */
  readsOnly?: true;
  /** Answers the GET that opens a write action's form (choices, defaults); it must not write. */
  loadForm?: ActionHandler<ActionResponse>;
}

type AnyAction = Action<ActionResponse> & MethodContract;

/** AdminJS's own actions that only read. Every other action writes, unless marked with `readOnlyAction`. */
const builtInReads = new Set(['list', 'show', 'search']);

/** Marks a custom action whose handler only reads, so it may run on GET. */
export function readOnlyAction<A extends object>(action: A): A {
  return { ...action, readsOnly: true };
}

/** A write action with a form: `loadForm` answers the GET that opens it; the handler itself runs on POST only. */
export function formAction<A extends object>(loadForm: ActionHandler<ActionResponse>, action: A): A {
  return { ...action, loadForm };
}

// What a write action shows when opened: its record(s), as AdminJS's own edit and delete do.
const showTargets: ActionHandler<ActionResponse> = async (_request, _response, context) => {
  const { record, records, currentAdmin } = context;
  if (record) return { record: record.toJSON(currentAdmin) };
  if (records) return { records: records.map((r) => r.toJSON(currentAdmin)) };
  return {};
};

async function runHandlers(
  handler: AnyAction['handler'],
  request: ActionRequest,
  response: unknown,
  context: ActionContext,
): Promise<ActionResponse> {
  if (Array.isArray(handler)) {
    let result: ActionResponse = {};
    for (const h of handler) result = await h(request, response, context);
    return result;
  }
  if (typeof handler !== 'function') throw new Error('This back office action has no handler.');
  return handler(request, response, context);
}

async function runBeforeHooks(before: Before | Before[], request: ActionRequest, context: ActionContext) {
  let current = request;
  for (const hook of Array.isArray(before) ? before : [before]) current = await hook(current, context);
  return current;
}

type Decorator = ReturnType<AdminJS['resources'][number]['decorate']>['actions'][string];

// AdminJS documents `ActionDecorator#action` as the original action object; its type declarations
// mark it private, hence the element access.
const actionOf = (decorator: Decorator) => decorator['action'] as AnyAction;

/** True when `action` may run its handler on a GET. */
export function readsOnly(action: Pick<AnyAction, 'name'> & MethodContract): boolean {
  return builtInReads.has(action.name) || action.readsOnly === true;
}

/**
 * The one place where writes in the back office get their method: for every action of every
 * resource — AdminJS's built-in ones, ours, and any added later — the handler that changes
 * something runs only for a POST. Any other request (a GET from a link, a HEAD, which Express
 * serves with the GET route) gets the action's `loadForm`, or its record(s) as AdminJS shows them,
 * and neither its `before` hooks (which prepare a write) nor its handler run. Read-only actions are
 * left alone. The server's route guard refuses HEAD and foreign origins before this, too.
 */
export function requirePostForWrites(admin: AdminJS): void {
  for (const resource of admin.resources) {
    for (const decorator of Object.values(resource.decorate().actions)) {
      const action = actionOf(decorator);
      if (readsOnly(action)) continue;
      const write = action.handler;
      const before = action.before;
      const loadForm = action.loadForm ?? showTargets;
      action.handler = (request, response, context) =>
        request.method === 'post'
          ? runHandlers(write, request, response, context)
          : loadForm({ ...request, method: 'get' }, response, context);
      if (before)
        action.before = (request, context) =>
          request.method === 'post' ? runBeforeHooks(before, request, context) : Promise.resolve(request);
    }
  }
}

/** One action of one resource as the back office has it, for tests and the security documentation. */
export interface BackOfficeAction {
  resourceId: string;
  name: string;
  types: ('record' | 'resource' | 'bulk')[];
  readsOnly: boolean;
}

/** Every action of every resource of a configured AdminJS, built-in and custom. */
export function backOfficeActions(admin: AdminJS): BackOfficeAction[] {
  return admin.resources.flatMap((resource) =>
    Object.values(resource.decorate().actions).map((decorator) => {
      const action = actionOf(decorator);
      const types = (['record', 'resource', 'bulk'] as const).filter((t) => [action.actionType].flat().includes(t));
      return { resourceId: resource.decorate().id(), name: action.name, types, readsOnly: readsOnly(action) };
    }),
  );
}
