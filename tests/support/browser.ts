interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number | null;
}

/** A response as the browser saw it, with the URL it came from and its body read. */
export interface Visit {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

/**
 * A tiny browser for tests: keeps cookies per host and path (as browsers do, ignoring the port),
 * and follows redirects only when asked, so each step of a sign-in can be looked at.
 */
export class Browser {
  private cookies: StoredCookie[] = [];
  /** Every URL requested, in order (tests look for their secrets in logs). */
  readonly visited: string[] = [];

  /** The value of a cookie set by `host` (no port), if the browser holds it. */
  cookie(host: string, name: string): string | undefined {
    this.dropExpired();
    return this.cookies.find((c) => c.host === host && c.name === name)?.value;
  }

  /** Every cookie value the browser holds. */
  cookieValues(): string[] {
    return this.cookies.map((c) => c.value);
  }

  /** Forgets a cookie, the way a user clearing it would. */
  clearCookie(host: string, name: string): void {
    this.cookies = this.cookies.filter((c) => !(c.host === host && c.name === name));
  }

  private dropExpired() {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt === null || c.expiresAt > now);
  }

  private store(url: URL, setCookies: string[]) {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
      const at = pair.indexOf('=');
      const cookie: StoredCookie = {
        name: pair.slice(0, at),
        value: pair.slice(at + 1),
        host: url.hostname,
        path: '/',
        expiresAt: null,
      };
      for (const attribute of attributes) {
        const [key = '', value = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') cookie.path = value;
        if (key.toLowerCase() === 'expires') cookie.expiresAt = Date.parse(value);
        if (key.toLowerCase() === 'max-age') cookie.expiresAt = Date.now() + Number(value) * 1000;
      }
      this.cookies = this.cookies.filter(
        (c) => !(c.host === cookie.host && c.name === cookie.name && c.path === cookie.path),
      );
      if (cookie.expiresAt === null || cookie.expiresAt > Date.now()) this.cookies.push(cookie);
    }
  }

  private cookieHeader(url: URL): string {
    this.dropExpired();
    return this.cookies
      .filter(
        (c) =>
          c.host === url.hostname &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** One request, no redirects followed. */
  async send(
    url: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      form?: Record<string, string>;
      json?: unknown;
      multipart?: FormData;
    } = {},
  ): Promise<Visit> {
    const target = new URL(url);
    this.visited.push(target.href);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | FormData | undefined;
    if (init.multipart) {
      body = init.multipart;
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const response = await fetch(target, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      redirect: 'manual',
    });
    this.store(target, response.headers.getSetCookie());
    return { url: target.href, status: response.status, headers: response.headers, body: await response.text() };
  }

  /** Follows redirects from `visit` (as GETs) until a page answers or the next URL matches `stopBefore`. */
  async follow(
    visit: Visit,
    stopBefore: (url: URL) => boolean = () => false,
  ): Promise<{ last: Visit; next: string | null }> {
    let last = visit;
    for (let hops = 0; hops < 20; hops++) {
      const location = last.headers.get('location');
      if (last.status < 300 || last.status >= 400 || !location) return { last, next: null };
      const next = new URL(location, last.url);
      if (stopBefore(next)) return { last, next: next.href };
      last = await this.send(next.href);
    }
    throw new Error(`too many redirects from ${visit.url}`);
  }
}
