// Calls of the TicketFlow API from back-office components: the same session cookie signs them in,
// and writes carry the session's CSRF token, fetched once per page.

let csrf: Promise<string> | null = null;

async function csrfToken(): Promise<string> {
  csrf ??= fetch('/api/csrf', { credentials: 'same-origin' })
    .then((r) => r.json() as Promise<{ token: string }>)
    .then((b) => b.token);
  return csrf;
}

/** The error message of an API answer (with each bad field it names), or a generic one. */
async function failure(res: Response): Promise<Error> {
  const body = (await res.json().catch(() => null)) as {
    error?: { message?: string; details?: unknown };
  } | null;
  const fields = Array.isArray(body?.error?.details)
    ? (body.error.details as { path?: string; message?: string }[]).map((d) => ` ${d.path}: ${d.message}.`).join('')
    : '';
  return new Error(`${body?.error?.message ?? `The server answered ${res.status}.`}${fields}`);
}

/** GET a JSON resource of the API. */
export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** POST a multipart form to the API with the CSRF token. */
export async function apiUpload<T>(path: string, form: FormData): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-csrf-token': await csrfToken() },
    body: form,
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** POST (or DELETE) JSON to the API with the CSRF token; the answer's JSON, or null when it has none. */
export async function apiSend<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'x-csrf-token': await csrfToken(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : ((await res.json()) as T);
}
