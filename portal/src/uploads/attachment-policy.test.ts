import { describe, expect, it } from 'vitest';
import { checkAttachment, maxAttachmentBytes } from './attachment-policy.js';

const file = (name: string, size: number, type = '') => ({ name, size, type });

describe('checkAttachment', () => {
  it('accepts the allowlisted types up to 10 MB', () => {
    for (const [name, type] of [
      ['a.png', 'image/png'],
      ['a.JPG', 'image/jpeg'],
      ['a.gif', 'image/gif'],
      ['a.webp', 'image/webp'],
      ['a.pdf', 'application/pdf'],
      ['a.txt', 'text/plain'],
      ['notes.md', ''], // the server takes Markdown as plain text
      ['a.csv', 'application/vnd.ms-excel'], // Windows reports CSV as a spreadsheet
      ['a.zip', 'application/x-zip-compressed'],
      ['a.docx', ''],
      ['a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ] as const) {
      expect(checkAttachment(file(name, maxAttachmentBytes, type)), name).toBeNull();
    }
    expect(checkAttachment(file('screenshot', 10, 'image/png'))).toBeNull();
  });

  it('refuses other types, empty files and files over the limit, saying why', () => {
    expect(checkAttachment(file('a.exe', 10, 'application/x-msdownload'))).toMatch(
      /^a\.exe: this type of file is not allowed\. Up to 10 MB each/,
    );
    expect(checkAttachment(file('a.svg', 10, 'image/svg+xml'))).toMatch(/not allowed/);
    expect(checkAttachment(file('a.png.exe', 10, 'image/png'))).toMatch(/not allowed/);
    expect(checkAttachment(file('a.pdf', maxAttachmentBytes + 1, 'application/pdf'))).toBe(
      'a.pdf is too large (10 MB); files can be at most 10 MB.',
    );
    expect(checkAttachment(file('b.pdf', 11.5 * 1024 * 1024, 'application/pdf'))).toBe(
      'b.pdf is too large (11.5 MB); files can be at most 10 MB.',
    );
    expect(checkAttachment(file('a.txt', 0, 'text/plain'))).toBe('a.txt is empty.');
  });
});
