import { z } from 'zod';
import { messageResponse, ticketResponse } from './api-response-schemas.js';
import { macroPlaceholders, unknownPlaceholders } from './macro-template.js';
import { ticketPriorities } from './ticket-priority.js';
import { ticketStatuses } from './ticket-status.js';
import { singleLineText } from './text-fields.js';

const tag = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(50, 'must be at most 50 characters per tag')
  .regex(/^[^\s,]+$/, 'must be single words without commas (e.g. vip, billing)');
const tags = z.array(tag).max(20, 'must list at most 20 tags');
const id = z.number().int().positive();

const placeholderList = macroPlaceholders.map((p) => `{{${p}}}`).join(', ');

/**
 * A macro as managers define it: a reply (public, or an internal note) with placeholders, and
 * optional actions; null leaves a field as it is. Refused: unknown placeholders (named), a macro that
 * does nothing, a tag both added and removed.
 */
export const macroInputSchema = z
  .object({
    name: singleLineText(120),
    body: z
      .string()
      .trim()
      .max(20_000, 'must be at most 20000 characters')
      .superRefine((body, ctx) => {
        for (const name of unknownPlaceholders(body))
          ctx.addIssue({
            code: 'custom',
            message: `uses the unknown placeholder {{${name}}}; the placeholders are ${placeholderList}`,
          });
      }),
    internal: z.boolean(),
    setStatus: z.enum(ticketStatuses, { error: `must be one of ${ticketStatuses.join(', ')}` }).nullable(),
    setPriority: z.enum(ticketPriorities, { error: `must be one of ${ticketPriorities.join(', ')}` }).nullable(),
    setTeamId: id.nullable(),
    setAssigneeId: id.nullable(),
    addTags: tags,
    removeTags: tags,
    active: z.boolean(),
  })
  .superRefine((macro, ctx) => {
    const acts =
      macro.setStatus ??
      macro.setPriority ??
      macro.setTeamId ??
      macro.setAssigneeId ??
      macro.addTags[0] ??
      macro.removeTags[0];
    if (!macro.body && acts == null)
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'is empty and no action is chosen: write a reply or choose an action',
      });
    const both = macro.removeTags.filter((t) => macro.addTags.includes(t));
    if (both.length)
      ctx.addIssue({ code: 'custom', path: ['removeTags'], message: `must not also be added: ${both.join(', ')}` });
  });

/** A validated macro definition. */
export type MacroInput = z.output<typeof macroInputSchema>;

/** A stored macro: its definition, id and who wrote it. */
export type Macro = MacroInput & { id: number; createdBy: number | null };

/** A macro id in a URL path. */
export const macroIdParam = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .positive('must be positive')
  .max(2_147_483_647);

/** A macro as `GET /api/macros` lists it (active ones only). */
export const macroResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  body: z.string().describe('The reply, with placeholders such as {{ticket.number}}; empty when the macro only acts'),
  internal: z.boolean().describe('The reply is an internal note'),
  setStatus: z.enum(ticketStatuses).nullable(),
  setPriority: z.enum(ticketPriorities).nullable(),
  setTeamId: z.number().int().nullable(),
  setAssigneeId: z.number().int().nullable(),
  addTags: z.array(z.string()),
  removeTags: z.array(z.string()),
});

/** `GET /api/macros`. */
export const macroListResponse = z.array(macroResponse);

/** `POST /api/tickets/:id/macros/:macroId`: the ticket as the macro left it, and the reply it posted. */
export const macroApplicationResponse = z.object({
  macro: z.object({ id: z.number().int(), name: z.string() }),
  ticket: ticketResponse,
  message: messageResponse.nullable().describe('The rendered reply or note; null when the macro has no body'),
});

/** What applying a macro answers. */
export type MacroApplication = z.infer<typeof macroApplicationResponse>;
