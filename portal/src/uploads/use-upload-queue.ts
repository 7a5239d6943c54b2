import { onScopeDispose, ref } from 'vue';
import type { AttachmentRef } from '../../../domain/ticket.js';
import { describeError } from '../api/api-error.js';
import type { UploadOptions } from '../api/attachment-upload.js';
import { newIdempotencyKey } from '../composables/use-submission-key.js';
import { checkAttachment } from './attachment-policy.js';

/** One file picked for upload and how far it got. */
export interface UploadItem {
  key: number;
  file: File;
  state: 'invalid' | 'ready' | 'uploading' | 'done' | 'failed';
  /** 0 to 1. */
  progress: number;
  error: string | null;
  result: AttachmentRef | null;
  /** The file's Idempotency-Key, the same on every retry of its upload. */
  idempotencyKey: string;
}

/** Sends one file; the ticket store's `attach`, say. */
export type Uploader = (file: File, options: UploadOptions) => Promise<AttachmentRef>;

let nextKey = 1;

/** Files picked in a form: checked on arrival, uploaded one by one with progress, cancelled with the form. */
export function useUploadQueue() {
  const items = ref<UploadItem[]>([]);
  const controllers = new Map<number, AbortController>();

  /** Adds files; each too large or of a refused type is listed with its reason and never sent. */
  function add(files: readonly File[]): UploadItem[] {
    const added = files.map((file): UploadItem => {
      const error = checkAttachment(file);
      return {
        key: nextKey++,
        file,
        state: error ? 'invalid' : 'ready',
        progress: 0,
        error,
        result: null,
        idempotencyKey: newIdempotencyKey(),
      };
    });
    items.value = [...items.value, ...added];
    return added;
  }

  /** Removes a file (cancelling its upload). */
  function remove(key: number): void {
    controllers.get(key)?.abort();
    items.value = items.value.filter((item) => item.key !== key);
  }

  /** Uploads every file not yet sent (failed ones again); resolves to the number that failed. */
  async function uploadAll(upload: Uploader, options: { messageId?: number } = {}): Promise<number> {
    let failed = 0;
    // A snapshot: files removed meanwhile are skipped, files added meanwhile wait for the next call.
    for (const item of [...items.value]) {
      if ((item.state !== 'ready' && item.state !== 'failed') || !items.value.includes(item)) continue;
      const controller = new AbortController();
      controllers.set(item.key, controller);
      item.state = 'uploading';
      item.error = null;
      item.progress = 0;
      try {
        item.result = await upload(item.file, {
          ...options,
          idempotencyKey: item.idempotencyKey,
          signal: controller.signal,
          onProgress: (f) => (item.progress = f),
        });
        item.state = 'done';
        item.progress = 1;
      } catch (e) {
        if (controller.signal.aborted) continue;
        item.state = 'failed';
        item.error = `${item.file.name}: ${describeError(e)}`;
        failed += 1;
      } finally {
        controllers.delete(item.key);
      }
    }
    return failed;
  }

  /** Forgets the files that were sent. */
  function clearDone(): void {
    items.value = items.value.filter((item) => item.state !== 'done');
  }

  /** True while any file is on its way. */
  const busy = () => items.value.some((item) => item.state === 'uploading');

  onScopeDispose(() => {
    for (const controller of controllers.values()) controller.abort();
  });

  return { items, add, remove, uploadAll, clearDone, busy };
}
