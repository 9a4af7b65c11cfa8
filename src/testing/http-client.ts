// A tiny cookie-keeping HTTP client for tests and benchmarks: one instance is one browser.
export interface Response {
  status: number;
  headers: Headers;
  body: string;
  location: string | undefined;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(new URL(path, this.base), {
      method,
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        'user-agent': 'open-gmis-test',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    this.store(res.headers);
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location') ?? undefined };
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  /** GETs the form page, then posts `fields` with the page's CSRF token. */
  async submit(formPage: string, action: string, fields: Record<string, string>): Promise<Response> {
    const page = await this.get(formPage);
    return this.request('POST', action, { _csrf: csrfTokenIn(page.body), ...fields });
  }
}

export function csrfTokenIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** First link in a mail body that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s]+`).exec(text);
  if (!m) throw new Error(`no link starting with ${prefix} in mail`);
  return m[0];
}
