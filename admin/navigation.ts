/** The back office's navigation groups; every resource belongs to one. */
export const navigation = {
  tickets: { name: 'Tickets', icon: 'Inbox' },
  people: { name: 'People', icon: 'Users' },
  configuration: { name: 'Configuration', icon: 'Settings' },
  integrations: { name: 'Integrations', icon: 'Share2' },
  audit: { name: 'Audit', icon: 'FileText' },
  knowledgeBase: { name: 'Knowledge base', icon: 'BookOpen' },
} as const;
