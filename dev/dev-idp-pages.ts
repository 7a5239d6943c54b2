const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const styles = `body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
main{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 3px #0003}
h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}
input{display:block;width:100%;box-sizing:border-box;padding:.6rem;margin-top:.3rem;border:1px solid #6b7280;border-radius:.3rem;font-size:1rem}
input:focus,button:focus{outline:3px solid #2563eb;outline-offset:2px}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;border-radius:.3rem;border:0;background:#1d4ed8;color:#fff;cursor:pointer}
button.secondary{background:#e5e7eb;color:#1d2330;margin-left:.5rem}
.error{color:#991b1b;background:#fee2e2;padding:.6rem;border-radius:.3rem}
details{margin-top:1.5rem;font-size:.9rem}code{background:#eef;padding:0 .2rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · TicketFlow dev sign-in</title><style>${styles}</style></head><body><main>${body}</main></body></html>`;
}

/** The login form; on a failed attempt it shows `error` and keeps the e-mail typed. */
export function loginPage(options: {
  uid: string;
  email?: string;
  error?: string;
  demoAccounts: { email: string; role: string }[];
  password: string;
}): string {
  const { uid, error } = options;
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const accounts = options.demoAccounts
    .map((a) => `<li><code>${escapeHtml(a.email)}</code> (${escapeHtml(a.role)})</li>`)
    .join('');
  return page(
    'Sign in',
    `<h1>Sign in to TicketFlow</h1>
<p>Development identity provider: use a demo account.</p>
${error ? `<p id="login-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" novalidate>
<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(options.email ?? '')}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Sign in</button><button type="submit" class="secondary" formaction="/interaction/${escapeHtml(uid)}/abort" formnovalidate>Cancel</button>
</form>
<details><summary>Demo accounts (password <code>${escapeHtml(options.password)}</code>)</summary><ul>${accounts}</ul></details>`,
  );
}

/** The sign-out confirmation; `form` is oidc-provider's hidden form (id `op.logoutForm`). */
export function logoutPage(form: string): string {
  return page(
    'Sign out',
    `<h1>Sign out of the development identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button><button type="submit" form="op.logoutForm" class="secondary">Stay signed in here</button>`,
  );
}

/** Shown after sign-out when the client named no place to return to. */
export function signedOutPage(): string {
  return page('Signed out', '<h1>You are signed out</h1><p>You can close this tab.</p>');
}

/** A short error page. */
export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
