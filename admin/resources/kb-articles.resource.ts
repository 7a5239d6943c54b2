import { flat, type ActionContext, type ActionRequest, type ActionResponse } from 'adminjs';
import { markArticleReviewed, setArticleStatus, stampSavedArticle } from '../../db/kb-articles.js';
import { renderArticleMarkdown } from '../../domain/kb-article-markdown.js';
import { kbLanguageNames, kbLanguages } from '../../domain/kb-languages.js';
import { kbArticleInput, kbArticleStatuses, kbVisibilities, slugify } from '../../domain/kb-schemas.js';
import { adminUserId, type ResourceFactory } from '../admin-context.js';
import { Components } from '../components/registry.js';
import { domainForm, listOf } from '../features/domain-form.feature.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';
import { readOnlyAction } from '../write-actions.js';

const choices = (values: readonly string[], label: (v: string) => string = (v) => v.replace('_', ' ')) =>
  values.map((value) => ({ value, label: label(value) }));

const idOrNull = (value: unknown) => (value === '' || value === null || value === undefined ? null : Number(value));

/** Knowledge-base articles: markdown written by staff, previewed, published to the help centre. */
export const kbArticlesResource: ResourceFactory = (context) => {
  // After a save: the first publication is dated, and a new article belongs to whoever wrote it.
  const stampSaved = async (response: ActionResponse, request: ActionRequest, actionContext: ActionContext) => {
    const record = actionContext.record;
    if (request.method !== 'post' || !record?.isValid()) return response;
    await stampSavedArticle(context.db, Number(record.id()), adminUserId(actionContext.currentAdmin));
    return response;
  };

  const statusAction = (status: 'draft' | 'published', done: string) => ({
    actionType: 'record' as const,
    icon: status === 'published' ? 'Eye' : 'EyeOff',
    guard:
      status === 'published'
        ? 'Publish this article? It shows in the help centre for its audience at once.'
        : 'Unpublish this article? It disappears from the help centre; links to it stop working.',
    isVisible: ({ record }: ActionContext) => record?.params.status !== status,
    handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
      const { record, resource, currentAdmin, h } = actionContext;
      if (!record) throw new Error('No article');
      await setArticleStatus(context.db, Number(record.id()), status);
      const fresh = (await resource.findOne(String(record.id()))) ?? record;
      return {
        record: fresh.toJSON(currentAdmin),
        notice: { message: `“${String(record.params.title)}” ${done}.`, type: 'success' },
        redirectUrl: h.recordActionUrl({
          resourceId: 'kb_articles',
          recordId: String(record.id()),
          actionName: 'show',
        }),
      };
    },
  });

  return {
    resource: context.tables('kb_articles', { neverRead: ['search', 'body_text'] }),
    features: [
      roleAccess('kb_articles'),
      domainForm({
        resource: 'kb_articles',
        schema: kbArticleInput,
        toForm: (row: { tags?: string[] | null }) => ({ tagsText: (row.tags ?? []).join(', ') }),
        toInput: (form) => ({
          title: form.title,
          slug: String(form.slug ?? '').trim() || slugify(String(form.title ?? '')),
          body: form.body,
          language: form.language || 'en',
          tags: [
            ...new Set(
              listOf(String(form.tagsText ?? '').split(','))
                .map((t) => t.trim())
                .filter(Boolean),
            ),
          ],
          status: form.status || 'draft',
          visibility: form.visibility || 'everyone',
          organizationId: idOrNull(form.organization_id),
        }),
        toRow: (input, form) => ({
          title: input.title,
          slug: input.slug,
          body: input.body,
          language: input.language,
          tags: input.tags,
          status: input.status,
          visibility: input.visibility,
          organization_id: input.organizationId,
          category_id: idOrNull(form.category_id),
          last_reviewed_at: form.last_reviewed_at || null,
        }),
        fieldOf: (path) =>
          path[0] === 'organizationId' ? 'organization_id' : path[0] === 'tags' ? 'tagsText' : String(path[0]),
      }),
    ],
    options: {
      navigation: navigation.knowledgeBase,
      titleProperty: 'title',
      sort: { sortBy: 'updated_at', direction: 'desc' },
      listProperties: ['title', 'status', 'visibility', 'language', 'category_id', 'last_reviewed_at', 'updated_at'],
      filterProperties: ['title', 'status', 'visibility', 'language', 'category_id', 'author_id', 'updated_at'],
      editProperties: [
        'title',
        'slug',
        'category_id',
        'language',
        'tagsText',
        'status',
        'visibility',
        'organization_id',
        'body',
        'last_reviewed_at',
      ],
      properties: {
        body: {
          type: 'textarea',
          props: { rows: 20 },
          description:
            'Markdown: ## headings, **bold**, lists, [links](https://…). Add images on the article page (Show), then paste the line it gives you.',
        },
        slug: { description: 'The address in the help centre; leave empty to make one from the title.' },
        tagsText: {
          type: 'string',
          description: 'Comma-separated; searched like words of the title, e.g. vpn, sign-in',
        },
        status: { availableValues: choices(kbArticleStatuses) },
        visibility: {
          availableValues: [
            { value: 'everyone', label: 'Everyone (no sign-in needed)' },
            { value: 'signed_in', label: 'Signed-in customers' },
            { value: 'organization', label: 'One organization' },
          ].filter((o) => (kbVisibilities as readonly string[]).includes(o.value)),
        },
        organization_id: { description: 'Only for "One organization": whose customers may read it.' },
        language: {
          availableValues: choices(kbLanguages, (code) => kbLanguageNames[code as keyof typeof kbLanguageNames]),
        },
        last_reviewed_at: {
          description: 'When someone last checked the article is still right ("Mark reviewed" sets it).',
        },
        tags: { isVisible: false },
        search: { isVisible: false },
        body_text: { isVisible: false },
        source_message_id: { isVisible: { list: false, filter: false, show: true, edit: false } },
      },
      actions: {
        new: { after: stampSaved },
        edit: { after: stampSaved },
        show: { component: Components.KbArticlePreview },
        // Only reads (the show page fetches it with GET).
        preview: readOnlyAction({
          actionType: 'record',
          isVisible: false,
          handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
            const { record, currentAdmin } = actionContext;
            if (!record) throw new Error('No article');
            const row = flat.unflatten<Record<string, unknown>, { body?: string; tags?: string[] }>(record.params);
            return {
              record: record.toJSON(currentAdmin),
              preview: { html: renderArticleMarkdown(String(row.body ?? '')), tags: row.tags ?? [] },
            };
          },
        }),
        publish: statusAction('published', 'is published'),
        unpublish: statusAction('draft', 'is unpublished (a draft again)'),
        markReviewed: {
          actionType: 'record',
          icon: 'CheckSquare',
          handler: async (_request: ActionRequest, _response: unknown, actionContext: ActionContext) => {
            const { record, resource, currentAdmin, h } = actionContext;
            if (!record) throw new Error('No article');
            await markArticleReviewed(context.db, Number(record.id()));
            const fresh = (await resource.findOne(String(record.id()))) ?? record;
            return {
              record: fresh.toJSON(currentAdmin),
              notice: { message: 'Marked as reviewed today.', type: 'success' },
              redirectUrl: h.recordActionUrl({
                resourceId: 'kb_articles',
                recordId: String(record.id()),
                actionName: 'show',
              }),
            };
          },
        },
      },
    },
  };
};
