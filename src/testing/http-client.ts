// A tiny cookie-keeping HTTP client for tests and benchmarks: one instance is one browser.
// node:http with a keep-alive agent: far less CPU per request than fetch, which matters when the
// benchmark's load generator shares the machine with the server it measures.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
export interface Response {
  status: number;
  headers: ResponseHeaders;
  body: string;
  location: string | undefined;
}

export interface ResponseHeaders {
  get(name: string): string | null;
  getSetCookie(): string[];
}

function responseHeaders(res: http.IncomingMessage): ResponseHeaders {
  return {
    get: (name) => {
      const v = res.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    getSetCookie: () => res.headers['set-cookie'] ?? [],
  };
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  private store(headers: ResponseHeaders): void {
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

  /** `form` is fields to encode, or a body already in application/x-www-form-urlencoded (which may
   * carry bytes that are not UTF-8), or bytes of the type `headers` name (a multipart upload). */
  request(method: 'GET' | 'POST', path: string, form?: Record<string, string> | string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const body = typeof form === 'string' || Buffer.isBuffer(form) ? form : form ? new URLSearchParams(form).toString() : undefined;
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method,
          agent,
          headers: {
            cookie: this.cookieHeader(),
            'user-agent': 'open-gmis-test',
            ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const h = responseHeaders(res);
            this.store(h);
            resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8'), location: h.get('location') ?? undefined });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  /** GETs `url` and follows redirects (across origins, one cookie jar, as a browser on one host)
   * while `until` (if given) does not accept the next URL; returns the last response and its URL. */
  async follow(url: string, until?: (next: string) => boolean): Promise<Response & { url: string }> {
    for (let hop = 0; hop < 12; hop++) {
      const res = await this.get(url);
      if (!res.location) return { ...res, url };
      const next = new URL(res.location, url).href;
      if (until?.(next)) return { ...res, url: next };
      url = next;
    }
    throw new Error(`more than 12 redirects from ${url}`);
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
