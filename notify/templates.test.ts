import { describe, expect, it } from 'vitest';
import { renderTemplate } from './templates.js';

describe('the "mentioned" template', () => {
  const ticket = {
    number: 'TF-1042',
    title: 'Refund for a double charge',
    status: 'open',
    priority: 'high',
    recipientName: 'Bob',
    url: 'https://help.example/admin/resources/tickets/records/42/show#message-7',
  };

  it('says who mentioned whom on which ticket, quotes the note and links to it', () => {
    const message = renderTemplate('mentioned', {
      ...ticket,
      mentionedBy: 'Alice Agent',
      excerpt: '@bob can we refund this?',
    });
    expect(message.subject).toBe('[TF-1042] Alice Agent mentioned you: Refund for a double charge');
    expect(message.text).toBe(
      'Hello Bob,\n\nAlice Agent mentioned you in an internal note on TF-1042 "Refund for a double charge".\n\n' +
        '> @bob can we refund this?\n\nRead the note: https://help.example/admin/resources/tickets/records/42/show#message-7',
    );
  });

  it('still reads without the note (deleted since)', () => {
    const message = renderTemplate('mentioned', ticket);
    expect(message.subject).toBe('[TF-1042] A colleague mentioned you: Refund for a double charge');
    expect(message.text).not.toContain('>');
  });
});
