import { describe, expect, it } from 'vitest';
import { checkStoredType, extensionOf, typeClaimedBy } from './attachment-rules.js';

describe('attachment rules', () => {
  it('read the extension in lower case, or none', () => {
    expect(extensionOf('Report.PDF')).toBe('pdf');
    expect(extensionOf('a.png.exe')).toBe('exe');
    expect(extensionOf('README')).toBeNull();
    expect(typeClaimedBy('jpeg')).toBe('image/jpeg');
    expect(typeClaimedBy('exe')).toBeUndefined();
  });

  it('store accepted content under a name that does not claim another type', () => {
    expect(checkStoredType('image/png', 'shot.png')).toEqual({ ok: true });
    expect(checkStoredType('text/plain', 'notes.md')).toEqual({ ok: true });
    expect(checkStoredType('text/plain', 'server.conf')).toEqual({ ok: true }); // text under an unclaimed extension
    expect(checkStoredType('image/png', 'shot.pdf')).toEqual({
      ok: false,
      reason: 'shot.pdf says .pdf but its content is image/png; rename it or upload the right file.',
    });
    expect(checkStoredType('application/x-msdownload', 'tool.exe')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^tool\.exe is application\/x-msdownload, which TicketFlow does not accept/),
    });
  });
});
