import type { CustomFieldDefinition, CustomFieldValue } from '../../../domain/custom-fields.js';
import { apiRequest } from './http-client.js';

/** The custom fields the caller may see (customers and guests: the customer-visible ones), by position. */
export async function listCustomFields(signal?: AbortSignal): Promise<CustomFieldDefinition[]> {
  const body = await apiRequest<{ items: CustomFieldDefinition[] }>('GET', '/api/custom-fields', { signal });
  return body.items;
}

/** The custom field values a new ticket carries, keyed by field (customers: the fields they may edit). */
export interface CustomFieldsInput {
  customFields?: Record<string, CustomFieldValue>;
}
