import type { AttachmentRef } from '../../../domain/ticket.js';
import { networkError, toApiError } from './api-error.js';
import { csrfToken, forgetCsrfToken, isCsrfRefusal } from './csrf-token.js';

/** Options of one attachment upload. */
export interface UploadOptions {
  /** Attach the file to this reply rather than to the ticket itself. */
  messageId?: number;
  /** Called with the fraction sent so far, 0 to 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`: one per file, so a retried upload never stores the file twice. */
  idempotencyKey?: string;
}

function sendOnce(
  url: string,
  file: File,
  options: UploadOptions,
  token: string | null,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest rather than fetch: only XHR reports upload progress in every browser.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    if (options.idempotencyKey) xhr.setRequestHeader('Idempotency-Key', options.idempotencyKey);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    if (options.messageId !== undefined) form.append('messageId', String(options.messageId));
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Uploads one file to `POST /api/tickets/:id/attachments` as multipart field `file`, reporting progress. */
export async function uploadAttachment(
  ticketId: number,
  file: File,
  options: UploadOptions = {},
): Promise<AttachmentRef> {
  const url = `/api/tickets/${ticketId}/attachments`;
  let result = await sendOnce(url, file, options, await csrfToken());
  if (isCsrfRefusal(result.status, toApiError(result.status, result.text).message)) {
    forgetCsrfToken();
    result = await sendOnce(url, file, options, await csrfToken());
  }
  if (result.status < 200 || result.status >= 300) throw toApiError(result.status, result.text);
  options.onProgress?.(1);
  return JSON.parse(result.text) as AttachmentRef;
}
