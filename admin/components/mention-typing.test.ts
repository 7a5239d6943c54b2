import { describe, expect, it } from 'vitest';
import { findMentionSpans } from '../../domain/mentions.js';
import { insertMention, matchMentionables, mentionAt } from './mention-typing.js';

const staff = [
  { handle: 'ana.lopez', name: 'Ana López' },
  { handle: 'anatoli', name: 'Anatoli Petrov' },
  { handle: 'ben', name: 'Ben Adams' },
];

describe('typing an @mention', () => {
  it('finds the handle being typed before the caret, and nothing in an address or mid-word', () => {
    expect(mentionAt('ask @an', 7)).toEqual({ start: 4, typed: 'an' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, typed: '' });
    expect(mentionAt('(@BE', 4)).toEqual({ start: 1, typed: 'be' });
    expect(mentionAt('mail ana@example.com', 20)).toBeNull();
    expect(mentionAt('ask @ana now', 12)).toBeNull();
  });

  it('offers handles that start with it first, then names that contain it', () => {
    expect(matchMentionables(staff, 'ana').map((m) => m.handle)).toEqual(['ana.lopez', 'anatoli']);
    expect(matchMentionables(staff, 'adams').map((m) => m.handle)).toEqual(['ben']);
    expect(matchMentionables(staff, '').map((m) => m.handle)).toHaveLength(3);
    expect(matchMentionables(staff, 'zed')).toEqual([]);
  });

  it('writes the chosen handle in place, and the server reads it as that mention', () => {
    const written = insertMention('please @an look', 10, 'ana.lopez');
    expect(written).toEqual({ text: 'please @ana.lopez look', caret: 18 });
    expect(insertMention('cc @b', 5, 'ben')).toEqual({ text: 'cc @ben ', caret: 8 });
    expect(findMentionSpans(written.text).map((s) => s.handle)).toEqual(['ana.lopez']);
    expect(insertMention('no mention here', 4, 'ben')).toEqual({ text: 'no mention here', caret: 4 });
  });
});
