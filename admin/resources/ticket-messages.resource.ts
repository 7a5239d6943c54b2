import type { ActionContext, ActionRequest } from 'adminjs';
import { draftArticleFromMessage } from '../../db/kb-articles.js';
import { adminUserId, type ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** Replies and internal notes, read-only: new ones are written with a ticket's Reply and Internal note actions. */
export const ticketMessagesResource: ResourceFactory = (context) => ({
  resource: context.tables('ticket_messages'),
  features: [roleAccess('ticket_messages')],
  options: {
    navigation: navigation.tickets,
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['ticket_id', 'author_id', 'internal', 'body', 'created_at'],
    filterProperties: ['ticket_id', 'author_id', 'internal', 'created_at'],
    properties: { body: { type: 'textarea' }, internal: { description: 'Internal notes are for staff only.' } },
    actions: {
      // A good answer given once becomes a help-centre article: a draft with the ticket's title and
      // the message as its body, for the agent to tidy (names, details) before publishing.
      draftArticle: {
        actionType: 'record',
        icon: 'BookOpen',
        guard: 'Start a draft help-centre article from this message? Nothing is published until you publish it.',
        handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
          const { record, currentAdmin, h } = actionContext;
          if (!record) throw new Error('No message');
          const article = await draftArticleFromMessage(context.db, Number(record.id()), adminUserId(currentAdmin));
          if (!article) throw new Error('No message');
          const { title } = article;
          return {
            record: record.toJSON(currentAdmin),
            article,
            notice: { message: `Draft article “${title}” created; edit it, then publish.`, type: 'success' },
            redirectUrl: h.recordActionUrl({
              resourceId: 'kb_articles',
              recordId: String(article.id),
              actionName: 'edit',
            }),
          };
        },
      },
    },
  },
});
