// The one place where the mail channel reaches ticket commands: the application layer's intake
// commands (tickets/mail-intake.ts), which join the import's transaction so a ticket or reply commits
// together with its import record, and tell the workflow through the outbox.
export type { AfterCommit, MailTicketCommands as TicketIntakePort } from '../tickets/mail-intake.js';
