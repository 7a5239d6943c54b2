import { describe, expect, it } from 'vitest';
import { findMentionSpans, mentionHandleOf, mentionedHandles, noteExcerpt } from './mentions.js';

describe('mentionedHandles', () => {
  it.each([
    ['@alice can you look?', ['alice']],
    ['Ask @Alice and @BOB.', ['alice', 'bob']],
    ['cc @agent-7f3a, @manager-7f3a; thanks', ['agent-7f3a', 'manager-7f3a']],
    ['(@alice) [@bob] "@carol" <@dave>', ['alice', 'bob', 'carol', 'dave']],
    ['@first.last knows', ['first.last']],
    ['@alice @alice @ALICE', ['alice']],
    ['line one\n@alice on line two', ['alice']],
    ["@alice's call", ['alice']],
  ])('%j mentions %j', (text, handles) => {
    expect(mentionedHandles(text)).toEqual(handles);
  });

  it.each([
    ['write to bob@example.com', 'an e-mail address'],
    ['write to @bob@example.com', 'an address with an extra @'],
    ['see https://social.example/@bob', 'a URL path'],
    ['run `notify @bob` first', 'an inline code span'],
    ['```\nping @bob\n```', 'a fenced code block'],
    ['``code with ` and @bob``', 'a double-backtick code span'],
    ['an @ sign alone, @. and @-x', 'no handle'],
    ['price@2x', 'a word before @'],
  ])('%j mentions no one (%s)', (text) => {
    expect(mentionedHandles(text)).toEqual([]);
  });

  it('reads an unclosed backtick as text', () => {
    expect(mentionedHandles('a stray ` then @bob')).toEqual(['bob']);
  });

  it('mentions after a closed code span', () => {
    expect(mentionedHandles('`@carol` is code, @bob is not')).toEqual(['bob']);
  });
});

describe('findMentionSpans', () => {
  it('gives where each mention stands, without a sentence-ending dot', () => {
    const text = 'Ping @Bob. Then @carol';
    expect(findMentionSpans(text)).toEqual([
      { handle: 'bob', start: 5, end: 9 },
      { handle: 'carol', start: 16, end: 22 },
    ]);
    expect(text.slice(5, 9)).toBe('@Bob');
  });
});

describe('mentionHandleOf', () => {
  it('is the part before the @, lower-cased', () => {
    expect(mentionHandleOf('Alice.Smith@Example.com')).toBe('alice.smith');
    expect(mentionHandleOf('agent-1@test.example')).toBe('agent-1');
  });

  it('is what the parser reads back from the address written as a mention', () => {
    const email = 'First.Last+ops@example.com';
    expect(mentionedHandles(`hi @${email.split('@')[0]}`)).toEqual([mentionHandleOf(email)]);
  });
});

describe('noteExcerpt', () => {
  it('keeps a short note on one line', () => {
    expect(noteExcerpt('  two\n\nlines  ')).toBe('two lines');
  });

  it('cuts a long note at a word', () => {
    const excerpt = noteExcerpt('word '.repeat(100), 40);
    expect(excerpt.length).toBeLessThanOrEqual(40);
    expect(excerpt.endsWith('word…')).toBe(true);
  });
});
