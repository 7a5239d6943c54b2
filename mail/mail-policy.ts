/** Limits of the mail channel that protect against loops and floods. */
export interface MailPolicy {
  /** At most this many messages per sender address… */
  senderLimit: number;
  /** …within this window (seconds); more are refused and logged. */
  senderWindowSeconds: number;
  /** A bounced address gets no mail for this long (longer on repeated bounces). */
  bounceSuppressSeconds: number;
}

/** The defaults: 30 messages an hour per sender, three days of silence after a bounce. */
export const mailPolicy: MailPolicy = {
  senderLimit: 30,
  senderWindowSeconds: 3600,
  bounceSuppressSeconds: 3 * 86_400,
};
