/** An e-mail address with its display name. */
export interface MailAddress {
  address: string;
  name: string;
}

/** A file that came with a message (attachment or inline image). */
export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  inline: boolean;
}

/** Why a message is automatic rather than written by a person, or null for a person's mail. */
export type AutoMailKind = 'auto_replied' | 'auto_generated' | 'bulk' | 'delivery_report' | null;

/** A failed delivery reported by a DSN (RFC 3464) or a bounce that looks like one. */
export interface BounceReport {
  recipients: string[];
  status: string | null;
  diagnostic: string | null;
}

/** An inbound message as the mail channel works with it: parsed once, everything decoded. */
export interface InboundMail {
  /** Without angle brackets; null when the message has none. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  date: Date | null;
  /** The conversation text: the plain part, or the HTML part turned into text; never HTML. */
  text: string;
  attachments: InboundAttachment[];
  /** Every header line as sent, in order, for agents to inspect. */
  headers: [string, string][];
  autoKind: AutoMailKind;
  bounce: BounceReport | null;
  sizeBytes: number;
  sha256: string;
}
