import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"id":"5b1d3c5e-0000-4000-8000-000000000000","type":"ticket.created"}';

  it('are t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> as documented', () => {
    const header = signWebhook(secret, body, 1_796_000_000.9);
    const expected = createHmac('sha256', secret).update(`1796000000.${body}`).digest('hex');
    expect(header).toBe(`t=1796000000,v1=${expected}`);
  });

  it('verify with the same secret and body within five minutes', () => {
    const header = signWebhook(secret, body, 1_796_000_000);
    expect(verifyWebhookSignature(secret, body, header, 1_796_000_000 + 299)).toBe(true);
  });

  it('refuse another secret, an altered body, an old timestamp and garbage', () => {
    const header = signWebhook(secret, body, 1_796_000_000);
    expect(verifyWebhookSignature('another-secret-of-length', body, header, 1_796_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, body.replace('created', 'rated'), header, 1_796_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, 1_796_000_000 + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 't=abc,v1=00', 1_796_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined, 1_796_000_000)).toBe(false);
  });
});
