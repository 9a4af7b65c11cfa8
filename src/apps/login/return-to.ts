// Where a sign-in may send the browser afterwards: a path on Med-Login itself, or an absolute URL
// under one of the allow-listed application prefixes. Anything else is dropped (no open redirects).

export function safeReturnTo(value: unknown, allowlist: readonly string[]): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  // Control characters and backslashes are how parsers get talked into other hosts.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  if (value.startsWith('/') && !value.startsWith('//')) {
    const u = new URL(value, 'http://local.invalid');
    return u.origin === 'http://local.invalid' ? `${u.pathname}${u.search}` : undefined;
  }
  let target: URL;
  try {
    target = new URL(value);
  } catch {
    return undefined;
  }
  if (target.username || target.password) return undefined;
  for (const entry of allowlist) {
    const allowed = new URL(entry);
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    if (target.origin === allowed.origin && (target.pathname + '/').startsWith(prefix)) return target.href;
  }
  return undefined;
}
