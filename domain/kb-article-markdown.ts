import MarkdownIt from 'markdown-it';

// Pure (no Node APIs, no I/O), shared by the server's help pages and the back office's preview, so
// both show an article exactly alike.
// Articles are written by staff but read by everyone, so they get the portal's rules (raw HTML
// escaped, web and mail links only) plus images, from this site's article image store only: an image
// from elsewhere would let any article track its readers.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

const allowedSchemes = new Set(['http', 'https', 'mailto']);
md.validateLink = (url: string): boolean => {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
  return scheme === null || allowedSchemes.has(scheme[1]!.toLowerCase());
};

const articleImage = /^\/api\/kb\/images\/\d{1,10}$/;
const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet('src') ?? '');
  if (!articleImage.test(src)) return md.utils.escapeHtml(token.content);
  token.attrSet('loading', 'lazy');
  return defaultImage(tokens, idx, options, env, self);
};

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx]!.attrGet('href') ?? '');
  // Links out of the site: no referrer, no search-engine credit.
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// The article page's title is its h1: headings in the body start one level below.
md.core.ruler.push('demote_headings', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && /^h[1-5]$/.test(token.tag))
      token.tag = `h${Number(token.tag.slice(1)) + 1}`;
  }
});

/** Renders an article's markdown to the safe HTML the help centre shows. */
export function renderArticleMarkdown(source: string): string {
  return md.render(source);
}
