import { ValidationError } from 'adminjs';
import { weekdays, type Holiday, type TimeRange, type WeeklyHours } from '../../domain/business-calendar.js';
import { businessCalendarSchema } from '../../domain/business-calendar-schema.js';
import type { ResourceFactory } from '../admin-context.js';
import { announceSlaEdits } from '../features/announce-sla-edits.feature.js';
import { auditConfigChanges } from '../features/audit-config-changes.feature.js';
import { domainForm } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

const dayField = (day: string) => `hours_${day}`;

function parseRanges(day: string, text: unknown): TimeRange[] {
  const parts = String(text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match)
      throw new ValidationError({
        [dayField(day)]: { message: `"${part}" is not a time range; write ranges like 09:00-12:30, 13:30-17:00` },
      });
    const pad = (t: string) => t.padStart(5, '0');
    return [pad(match[1] as string), pad(match[2] as string)];
  });
}

function parseHolidays(text: unknown): { date: string; name?: string }[] {
  return String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [date = '', ...name] = line.split(/\s+/);
      return name.length ? { date, name: name.join(' ') } : { date };
    });
}

/** Business calendars: time zone, opening hours per weekday, holidays (managers); edits reach running tickets. */
export const businessCalendarsResource: ResourceFactory = (context) => ({
  resource: context.tables('business_calendars'),
  features: [
    roleAccess('business_calendars'),
    domainForm({
      resource: 'business_calendars',
      schema: businessCalendarSchema,
      toForm: (row: { weekly_hours?: WeeklyHours | null; holidays?: Holiday[] | null }) => ({
        ...Object.fromEntries(
          weekdays.map((d) => [dayField(d), (row.weekly_hours?.[d] ?? []).map(([a, b]) => `${a}-${b}`).join(', ')]),
        ),
        holidaysText: (row.holidays ?? []).map((h) => `${h.date}${h.name ? ` ${h.name}` : ''}`).join('\n'),
        openDays: weekdays
          .filter((d) => (row.weekly_hours?.[d] ?? []).length > 0)
          .map((d) => d)
          .join(', '),
      }),
      toInput: (form) => ({
        timezone: form.timezone,
        weeklyHours: Object.fromEntries(
          weekdays.map((d) => [d, parseRanges(d, form[dayField(d)])]).filter(([, ranges]) => (ranges?.length ?? 0) > 0),
        ),
        holidays: parseHolidays(form.holidaysText),
      }),
      toRow: (c, form) => ({
        name: String(form.name ?? '').trim() || null,
        timezone: c.timezone,
        weekly_hours: JSON.stringify(c.weeklyHours),
        holidays: JSON.stringify(c.holidays),
      }),
      fieldOf: (path) =>
        path[0] === 'weeklyHours'
          ? dayField(String(path[1] ?? 'mon'))
          : path[0] === 'holidays'
            ? 'holidaysText'
            : String(path[0] ?? 'timezone'),
    }),
    auditConfigChanges(context.db, 'business_calendars'),
    announceSlaEdits(context.tickets, 'calendar'),
  ],
  options: {
    navigation: navigation.configuration,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['name', 'timezone', 'openDays', 'updated_at'],
    showProperties: ['name', 'timezone', ...weekdays.map(dayField), 'holidaysText', 'updated_at'],
    editProperties: ['name', 'timezone', ...weekdays.map(dayField), 'holidaysText'],
    properties: {
      timezone: { description: 'An IANA time zone, e.g. Europe/Berlin or UTC.' },
      openDays: {},
      ...Object.fromEntries(
        weekdays.map((d) => [
          dayField(d),
          {
            type: 'string',
            description:
              d === 'mon'
                ? 'Opening hours, e.g. 09:00-12:30, 13:30-17:00; empty means closed; 00:00-24:00 is all day.'
                : undefined,
          },
        ]),
      ),
      holidaysText: {
        type: 'textarea',
        description: 'One per line: date, then a name, e.g. 2026-12-25 Christmas Day.',
      },
      weekly_hours: { isVisible: false },
      holidays: { isVisible: false },
    },
  },
});
