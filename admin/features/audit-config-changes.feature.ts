import { buildFeature, type ActionContext, type ActionRequest, type ActionResponse, type FeatureType } from 'adminjs';
import { insertConfigChange } from '../../db/config-changes.js';
import type { Db } from '../../db/connection.js';
import { adminUserId } from '../admin-context.js';

type Audited = ActionContext & { auditBefore?: Record<string, unknown> | Record<string, unknown>[] };

// Secrets never reach the audit trail, not even encrypted.
const redacted = (params: Record<string, unknown> | undefined) =>
  params && Object.fromEntries(Object.entries(params).filter(([key]) => !/secret|hash|password/i.test(key)));

const remember = async (request: ActionRequest, context: Audited) => {
  if (request.method === 'post')
    context.auditBefore = context.records ? context.records.map((r) => r.params) : context.record?.params;
  return request;
};

/**
 * Writes a `config_changes` row (who, what, before and after) for every record created, edited or
 * deleted through the back office in this resource.
 */
export function auditConfigChanges(db: Db, resource: string): FeatureType {
  const record =
    (action: 'create' | 'update' | 'delete') =>
    async (response: ActionResponse, request: ActionRequest, context: Audited) => {
      if (request.method !== 'post') return response;
      const actorId = adminUserId(context.currentAdmin);
      if (action === 'delete' && Array.isArray(context.auditBefore)) {
        for (const before of context.auditBefore)
          await insertConfigChange(db, {
            actorId,
            resource,
            recordId: before.id as number,
            action,
            before: redacted(before),
          });
        return response;
      }
      const current = context.record;
      if (action !== 'delete' && !current?.isValid()) return response;
      const before = Array.isArray(context.auditBefore) ? undefined : redacted(context.auditBefore);
      const after = action === 'delete' ? undefined : redacted(current?.params);
      const recordId = (current?.id() ?? (before?.id as string | undefined)) || null;
      await insertConfigChange(db, { actorId, resource, recordId, action, before, after });
      return response;
    };
  return buildFeature({
    actions: {
      new: { after: record('create') },
      edit: { before: remember, after: record('update') },
      delete: { before: remember, after: record('delete') },
      bulkDelete: { before: remember, after: record('delete') },
    },
  });
}
