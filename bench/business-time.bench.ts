import type { BusinessCalendar } from '../domain/business-calendar.js';
import { addBusinessSeconds, businessSecondsBetween } from '../domain/business-time.js';
import { latencySummary } from './stats.js';

const office: BusinessCalendar = {
  timezone: 'Europe/Berlin',
  weeklyHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
      d,
      [
        ['09:00', '12:30'],
        ['13:30', '17:00'],
      ],
    ]),
  ),
  holidays: [{ date: '2026-12-25' }, { date: '2026-12-26' }, { date: '2027-01-01' }],
};
const allDay: BusinessCalendar = {
  timezone: 'UTC',
  weeklyHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  ),
  holidays: [],
};

function time(run: () => void, times: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    run();
    out.push(performance.now() - t0);
  }
  return out;
}

/** The business-time math behind every SLA deadline: an office calendar against 24×7, same run. */
export function benchBusinessTime(): string[] {
  const start = new Date('2026-11-27T16:45:00+01:00');
  const deadline = time(() => void addBusinessSeconds(office, start, 40 * 3600), 2000);
  const deadline24 = time(() => void addBusinessSeconds(allDay, start, 40 * 3600), 2000);
  const decade = time(
    () => void businessSecondsBetween(office, new Date('2024-01-01T00:00:00Z'), new Date('2034-01-01T00:00:00Z')),
    20,
  );
  return [
    'business-time math (domain/business-time.ts)',
    `  40 business hours on a Berlin office calendar: ${latencySummary(deadline)}`,
    `  40 hours on a 24×7 calendar (baseline):       ${latencySummary(deadline24)}`,
    `  ratio office / 24×7 (p50):                    ${(quantileOf(deadline) / quantileOf(deadline24)).toFixed(1)}`,
    `  ten years of office hours between two dates:  ${latencySummary(decade)}`,
  ];
}

const quantileOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
