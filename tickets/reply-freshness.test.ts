import { describe, expect, it } from 'vitest';
import { changesSinceOpened } from './reply-freshness.js';

describe('what a reply form is told happened since it opened', () => {
  it('names who replied, once each, in order', () => {
    expect(changesSinceOpened([{ authorName: 'Ana Agent', internal: false }], false)).toBe(
      'Ana Agent replied since you opened this ticket.',
    );
    expect(
      changesSinceOpened(
        [
          { authorName: 'Ana Agent', internal: false },
          { authorName: 'Carl Customer', internal: false },
          { authorName: 'Ana Agent', internal: false },
          { authorName: 'Bea Lead', internal: false },
        ],
        true,
      ),
    ).toBe('Ana Agent, Carl Customer and Bea Lead replied since you opened this ticket.');
  });

  it('says "internal note" for notes, and someone for messages without an author', () => {
    expect(changesSinceOpened([{ authorName: 'Ana Agent', internal: true }], false)).toBe(
      'Ana Agent added an internal note since you opened this ticket.',
    );
    expect(
      changesSinceOpened(
        [
          { authorName: null, internal: false },
          { authorName: 'Ana Agent', internal: true },
        ],
        false,
      ),
    ).toBe('Someone and Ana Agent replied or added a note since you opened this ticket.');
  });

  it('falls back on the version: the ticket changed; nothing at all is no warning', () => {
    expect(changesSinceOpened([], true)).toBe(
      'The ticket changed since you opened it (its status, priority, team or assignee).',
    );
    expect(changesSinceOpened([], false)).toBeNull();
  });
});
