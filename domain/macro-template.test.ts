import { describe, expect, it } from 'vitest';
import { macroValuesOf, renderMacroBody, unknownPlaceholders } from './macro-template.js';

const values = macroValuesOf({
  ticket: { number: 'TF-1042', title: 'Printer jam' },
  requester: { name: 'Ada Lovelace', email: 'ada@example.com' },
  agent: { name: 'Grace Hopper', email: 'grace@example.com' },
});

describe('rendering a macro reply', () => {
  it('fills every known placeholder, with or without spaces inside the braces', () => {
    const body = 'Hi {{requester.firstName}}, about {{ ticket.number }} ({{ticket.title}}): done. {{agent.name}}';
    expect(renderMacroBody(body, values)).toBe('Hi Ada, about TF-1042 (Printer jam): done. Grace Hopper');
    expect(
      renderMacroBody('{{requester.name}} <{{requester.email}}>, {{agent.firstName}} {{agent.email}}', values),
    ).toBe('Ada Lovelace <ada@example.com>, Grace grace@example.com');
  });

  it('puts a title containing placeholders in literally, once: values are never rendered again', () => {
    const sneaky = { ...values, 'ticket.title': '{{agent.email}} {{ticket.title}}' };
    expect(renderMacroBody('Re: {{ticket.title}}', sneaky)).toBe('Re: {{agent.email}} {{ticket.title}}');
  });

  it('leaves HTML and replacement patterns in values as text', () => {
    const html = { ...values, 'ticket.title': '<img src=x onerror=alert(1)> $& $1 $$' };
    expect(renderMacroBody('[{{ticket.title}}]', html)).toBe('[<img src=x onerror=alert(1)> $& $1 $$]');
  });

  it('leaves text without placeholders, unknown ones and unclosed braces as written', () => {
    expect(renderMacroBody('Thanks! {{ticket.secret}} {{ticket.number', values)).toBe(
      'Thanks! {{ticket.secret}} {{ticket.number',
    );
  });
});

describe('checking a macro reply before it is saved', () => {
  it('names each unknown placeholder once, in order', () => {
    expect(unknownPlaceholders('{{ticket.number}} {{ticket.owner}} {{ user.name }} {{ticket.owner}} {{}}')).toEqual([
      'ticket.owner',
      'user.name',
      '',
    ]);
    expect(unknownPlaceholders('Hello {{requester.name}}, see {{ticket.number}}.')).toEqual([]);
  });
});
