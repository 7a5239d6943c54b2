import EmailReplyParser from 'email-reply-parser';

// Quote headers email-reply-parser does not know, seen in real clients: Outlook's block
// ("From: … Sent: …", localised), Outlook's underscore rule, Japanese clients' "…wrote:" forms,
// Apple Mail's "Begin forwarded message", and the classic "-----Original Message-----".
const cutMarkers: RegExp[] = [
  /^_{20,}\s*$/m,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|元のメッセージ)\s*-{2,}\s*$/im,
  /^\*?(From|Von|De|Da|差出人|送信者)\s?:\*?\s.+\n\*?(Sent|Gesendet|Envoyé|Inviato|Enviado|送信日時)\s?:\*?\s/im,
  /^.{0,200}(wrote|schrieb|a écrit|escribió|ha scritto|schreef)\s*:\s*$/im,
  /^\d{4}[年/-]\d{1,2}[月/-]\d{1,2}日?.{0,120}(のメッセージ|書きました|wrote)\s*[:：]?\s*$/m,
  /^.{0,120}さんは書きました\s*[:：]\s*$/m,
];

/**
 * The new part of a reply: quoted history and signatures removed (email-reply-parser, which
 * knows many languages' "On … wrote:" lines, then the markers above). Falls back to the whole
 * text when stripping would leave nothing, so a message never arrives empty.
 */
export function stripQuotedReply(text: string): string {
  const normalised = text.replace(/\r\n/g, '\n');
  let visible = new EmailReplyParser().parseReply(normalised).trim();
  for (const marker of cutMarkers) {
    const match = marker.exec(visible);
    if (match && match.index > 0) visible = visible.slice(0, match.index).trim();
  }
  // "> " lines at the end are quotes even when no header introduced them.
  visible = visible.replace(/(\n>.*)+\s*$/g, '').trim();
  return visible || normalised.trim();
}
