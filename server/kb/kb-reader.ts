import type { KbReader } from '../../db/kb-articles.js';
import { isStaff } from '../../domain/roles.js';
import type { Caller } from '../auth/caller.js';

/** What the help centre shows a caller: anonymous visitors, customers (with their organization), staff. */
export function kbReaderOf(caller: Caller | undefined): KbReader {
  if (!caller) return { kind: 'anonymous' };
  if (isStaff(caller.role)) return { kind: 'staff' };
  return { kind: 'customer', organizationId: caller.organizationId };
}
