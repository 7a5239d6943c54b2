import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../dev/capture-server.js';
import { countDeliveries } from './invariants.js';

const kill = Date.parse('2026-12-01T10:00:10.000Z');
const mail = (key: string, at: string): CapturedMessage => ({
  id: `${key}@${at}`,
  kind: 'email',
  receivedAt: at,
  to: ['customer@example.com'],
  subject: '[TF-1004] We received your request',
  text: '',
  headers: { 'X-TicketFlow-Idempotency-Key': key },
  body: null,
});

describe('counting e-mails around a killed worker', () => {
  it('lets one repeat of a delivery accepted just before the kill count once', () => {
    expect(
      countDeliveries([mail('k', '2026-12-01T10:00:09.500Z'), mail('k', '2026-12-01T10:00:40.000Z')], [kill]),
    ).toBe(1);
  });

  it('counts every other repeat: no kill, a kill long after, a second repeat, two deliveries', () => {
    const twice = [mail('k', '2026-12-01T10:00:09.500Z'), mail('k', '2026-12-01T10:00:40.000Z')];
    expect(countDeliveries(twice, [])).toBe(2);
    expect(countDeliveries(twice, [kill + 60_000])).toBe(2);
    expect(
      countDeliveries([mail('k', '2026-12-01T10:00:05.000Z'), mail('k', '2026-12-01T10:00:40.000Z')], [kill]),
    ).toBe(2);
    expect(countDeliveries([...twice, mail('k', '2026-12-01T10:01:00.000Z')], [kill])).toBe(2);
    expect(
      countDeliveries([mail('a', '2026-12-01T10:00:09.500Z'), mail('b', '2026-12-01T10:00:09.600Z')], [kill]),
    ).toBe(2);
  });
});
