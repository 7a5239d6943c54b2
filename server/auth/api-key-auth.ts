import type { RequestHandler } from 'express';
import { verifyApiKey } from '../../db/api-keys.js';
import type { Db } from '../../db/connection.js';
import { apiKeyUseRecorder } from './activity-log.js';
import { setCaller } from './caller.js';
import { unauthenticated } from '../http-error.js';

/** Authenticates `Authorization: Bearer tf_…` requests; a bad key is a 401, no header passes through. */
export function apiKeyAuth(db: Db): RequestHandler {
  const recordUse = apiKeyUseRecorder(db);
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated();
    const principal = await verifyApiKey(db, match[1] as string);
    if (!principal) throw unauthenticated();
    recordUse(req, principal);
    setCaller(req, {
      userId: principal.userId,
      role: principal.role,
      organizationId: principal.organizationId,
      scopes: principal.scopes,
      via: 'api_key',
    });
    next();
  };
}
