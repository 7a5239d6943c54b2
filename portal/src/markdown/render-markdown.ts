import MarkdownIt from 'markdown-it';

// `html: false` escapes every raw HTML tag, so what people type can never become markup.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// Remote images would load from wherever the author points (tracking pixels): links only.
md.disable('image');

const allowedSchemes = new Set(['http', 'https', 'mailto']);

// Only web and mail links: `javascript:`, `data:`, `vbscript:`, `file:` and every other scheme are refused.
md.validateLink = (url: string): boolean => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return scheme === null || allowedSchemes.has(scheme[1]!.toLowerCase());
};

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // Links typed by other people: do not pass the referrer, and give them no search-engine credit.
  tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Renders markdown typed by customers and agents to safe HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
