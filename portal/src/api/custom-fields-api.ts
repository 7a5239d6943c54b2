import type { CustomFieldDefinition } from '../../../domain/custom-fields.js';
import { apiRequest } from './http-client.js';

/** Who asks for the custom fields: a signed-in customer, or a guest (no account; its own public route). */
export type CustomFieldsAudience = 'customer' | 'guest';

/** The custom fields the caller may see (customers and guests: the customer-visible ones), by position. */
export async function listCustomFields(
  audience: CustomFieldsAudience,
  signal?: AbortSignal,
): Promise<CustomFieldDefinition[]> {
  const path = audience === 'guest' ? '/api/guest/custom-fields' : '/api/custom-fields';
  const body = await apiRequest<{ items: CustomFieldDefinition[] }>('GET', path, { signal });
  return body.items;
}
