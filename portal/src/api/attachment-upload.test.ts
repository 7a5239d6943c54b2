import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFile } from '../test-support/fixtures.js';
import { fakeServer } from '../test-support/fake-server.js';
import { FakeXhr } from '../test-support/fake-xhr.js';
import { ApiError } from './api-error.js';
import { uploadAttachment } from './attachment-upload.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('uploadAttachment', () => {
  beforeEach(() => {
    FakeXhr.reset();
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    fakeServer();
  });

  it('posts multipart `file` (and `messageId`) with the CSRF header, reporting progress', async () => {
    const progress: number[] = [];
    const upload = uploadAttachment(4, makeFile('a.pdf', 1000, 'application/pdf'), {
      messageId: 12,
      onProgress: (f) => progress.push(f),
    });
    await settle();
    const xhr = FakeXhr.last();
    expect([xhr.method, xhr.url, xhr.withCredentials, xhr.headers['X-CSRF-Token']]).toEqual([
      'POST',
      '/api/tickets/4/attachments',
      true,
      'csrf-1',
    ]);
    expect(xhr.body?.get('messageId')).toBe('12');
    expect((xhr.body?.get('file') as File).name).toBe('a.pdf');
    xhr.progress(250, 1000);
    xhr.progress(1000, 1000);
    xhr.respond(201, { id: 3, filename: 'a.pdf' });
    await expect(upload).resolves.toMatchObject({ id: 3 });
    expect(progress).toEqual([0.25, 1, 1]);
  });

  it('turns 413 and 415 into ApiErrors with the server’s message', async () => {
    const upload = uploadAttachment(4, makeFile('a.pdf', 1000, 'application/pdf'));
    await settle();
    FakeXhr.last().respond(413, { error: { code: 'payload_too_large', message: 'Attachments can be at most 10 MB.' } });
    const error = await upload.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      message: 'Attachments can be at most 10 MB.',
    });
  });

  it('retries once with a fresh token when the CSRF token was stale, and can be cancelled', async () => {
    const upload = uploadAttachment(4, makeFile('a.pdf', 1000, 'application/pdf'));
    await settle();
    FakeXhr.last().respond(403, { error: { code: 'forbidden', message: 'CSRF token missing or invalid.' } });
    await settle();
    expect(FakeXhr.instances).toHaveLength(2);
    expect(FakeXhr.last().headers['X-CSRF-Token']).toBe('csrf-2');
    FakeXhr.last().respond(201, { id: 1 });
    await expect(upload).resolves.toMatchObject({ id: 1 });

    const controller = new AbortController();
    const cancelled = uploadAttachment(4, makeFile('b.pdf', 10, 'application/pdf'), { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeXhr.last().aborted).toBe(true);
  });
});
