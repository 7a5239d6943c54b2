import type { NotificationTemplate } from '../domain/notification-templates.js';

/** What a template is filled with. */
export interface TemplateData {
  number: string;
  title: string;
  status: string;
  priority: string;
  url: string;
  recipientName: string;
  rule?: string;
  level?: number;
  excerpt?: string;
  /** Who mentioned the recipient (template `mentioned`). */
  mentionedBy?: string;
  /** For `merged`: the number of the ticket the conversation continues on. */
  mergedInto?: string;
}

/** A rendered message: subject and plain text (e-mail and chat both take it). */
export interface RenderedMessage {
  subject: string;
  text: string;
}

const lines: Record<NotificationTemplate, (d: TemplateData) => RenderedMessage> = {
  created: (d) => ({
    subject: `[${d.number}] We received your request: ${d.title}`,
    text: `Hello ${d.recipientName},\n\nWe received your request "${d.title}" and will get back to you soon.\nFollow it here: ${d.url}`,
  }),
  assigned: (d) => ({
    subject: `[${d.number}] Assigned to you: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n${d.number} (${d.priority}) is now yours.\n${d.url}`,
  }),
  replied: (d) => ({
    subject: `[${d.number}] New reply: ${d.title}`,
    text: `Hello ${d.recipientName},\n\nThere is a new reply on ${d.number}.${d.excerpt ? `\n\n> ${d.excerpt}` : ''}\n\n${d.url}`,
  }),
  warning: (d) => ({
    subject: `[${d.number}] SLA warning: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n${d.number} (${d.priority}) is close to missing its SLA target.${d.rule ? ` Rule: ${d.rule} (level ${d.level}).` : ''}\n${d.url}`,
  }),
  breached: (d) => ({
    subject: `[${d.number}] SLA breached: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n${d.number} (${d.priority}) missed its SLA target.${d.rule ? ` Escalated by rule: ${d.rule} (level ${d.level}).` : ''}\n${d.url}`,
  }),
  escalated: (d) => ({
    subject: `[${d.number}] Escalated: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n${d.number} was escalated${d.rule ? ` by rule "${d.rule}" (level ${d.level})` : ''}.\n${d.url}`,
  }),
  resolved: (d) => ({
    subject: `[${d.number}] Resolved: ${d.title}`,
    text: `Hello ${d.recipientName},\n\nWe marked "${d.title}" as resolved. If it is not, just reply and we will reopen it.\n${d.url}`,
  }),
  merged: (d) => ({
    subject: `[${d.number}] Merged into ${d.mergedInto ?? 'another ticket'}: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n"${d.title}" (${d.number}) was merged into ${d.mergedInto ?? 'another ticket'}, where we continue the conversation. Follow it here: ${d.url}`,
  }),
  closed: (d) => ({
    subject: `[${d.number}] Closed: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n"${d.title}" is now closed. Thank you!\n${d.url}`,
  }),
  mentioned: (d) => ({
    subject: `[${d.number}] ${d.mentionedBy ?? 'A colleague'} mentioned you: ${d.title}`,
    text: `Hello ${d.recipientName},\n\n${d.mentionedBy ?? 'A colleague'} mentioned you in an internal note on ${d.number} "${d.title}".${d.excerpt ? `\n\n> ${d.excerpt}` : ''}\n\nRead the note: ${d.url}`,
  }),
};

/** Renders a template for one recipient. */
export function renderTemplate(name: NotificationTemplate, data: TemplateData): RenderedMessage {
  return lines[name](data);
}
