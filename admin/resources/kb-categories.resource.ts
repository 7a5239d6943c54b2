import type { ResourceFactory } from '../admin-context.js';
import { navigation } from '../navigation.js';
import { roleAccess } from '../permissions.js';

/** The help centre's topics (managers arrange them; every staff member sees them). */
export const kbCategoriesResource: ResourceFactory = (context) => ({
  resource: context.tables('kb_categories'),
  features: [roleAccess('kb_categories')],
  options: {
    navigation: navigation.knowledgeBase,
    titleProperty: 'name',
    sort: { sortBy: 'position', direction: 'asc' },
    listProperties: ['name', 'slug', 'position', 'updated_at'],
    editProperties: ['name', 'slug', 'description', 'position'],
    properties: {
      slug: { description: 'The address in the help centre: lower-case words joined by hyphens, e.g. billing' },
      description: { type: 'textarea' },
      position: { description: 'Topics are listed by this number, smallest first.' },
    },
  },
});
