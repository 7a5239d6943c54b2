/**
 * Where to send the user after sign-in: `returnTo` when it is a relative path on this site, else
 * `/`. Anything that could leave the site (`//evil.example`, `/\evil`, `https://…`) is refused, so
 * the login link cannot be turned into an open redirect.
 */
export function safeReturnTo(returnTo: unknown, publicUrl: string): string {
  if (typeof returnTo !== 'string' || !returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\')) return '/';
  // Control characters would be dropped by the URL parser and could smuggle in another host.
  if (/[\u0000-\u001F\u007F]/.test(returnTo) || returnTo.length > 2000) return '/';
  const site = new URL(publicUrl);
  const target = new URL(returnTo, site);
  if (target.origin !== site.origin) return '/';
  return `${target.pathname}${target.search}${target.hash}`;
}
