import { describe, expect, it } from 'vitest';
import { macroInputSchema } from './macro-schemas.js';

const valid = {
  name: 'Need details',
  body: 'Hi {{requester.firstName}}, about {{ticket.number}}…',
  internal: false,
  setStatus: 'pending',
  setPriority: null,
  setTeamId: null,
  setAssigneeId: null,
  addTags: ['needs-info'],
  removeTags: [],
  active: true,
};

const issues = (input: object) => {
  const parsed = macroInputSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('a macro definition', () => {
  it('accepts a reply with known placeholders and actions, or actions alone', () => {
    expect(issues(valid)).toEqual([]);
    expect(issues({ ...valid, body: '' })).toEqual([]);
    expect(issues({ ...valid, body: 'Noted.', setStatus: null, addTags: [] })).toEqual([]);
  });

  it('refuses unknown placeholders by name, listing the known ones', () => {
    const [[path, message] = []] = issues({ ...valid, body: 'Hi {{customer.name}}' });
    expect(path).toBe('body');
    expect(message).toMatch(
      /^uses the unknown placeholder \{\{customer\.name\}\}; the placeholders are \{\{ticket\.number\}\}, /,
    );
  });

  it('refuses a macro that does nothing, a tag both added and removed, and bad values', () => {
    expect(issues({ ...valid, body: ' ', setStatus: null, addTags: [] })).toEqual([
      ['body', 'is empty and no action is chosen: write a reply or choose an action'],
    ]);
    expect(issues({ ...valid, removeTags: ['needs-info'] })).toEqual([
      ['removeTags', 'must not also be added: needs-info'],
    ]);
    expect(issues({ ...valid, setStatus: 'archived' })).toEqual([
      ['setStatus', 'must be one of new, open, pending, on_hold, resolved, closed'],
    ]);
    expect(issues({ ...valid, addTags: ['two words'] })).toEqual([
      ['addTags.0', 'must be single words without commas (e.g. vip, billing)'],
    ]);
  });
});
