// Where a browser may be sent back to after signing in, for every origin: a path on the origin
// itself, or an absolute URL under one of the allow-listed application prefixes. Anything else is
// dropped (no open redirects). The target is judged as a browser will read it, after URL
// normalisation: `/.//evil.example` normalises to `//evil.example`, which is another host.

export const MAX_RETURN_TO_LENGTH = 2000;

const HERE = 'http://return-to.invalid';

/**
 * Control characters and backslashes (raw or percent-encoded) are how parsers get talked into other
 * hosts; no real return target has them.
 */
const HOSTILE = /[\u0000-\u001f\u007f\\]|%(?:[01][0-9a-f]|7f|5c)/i;

export function safeReturnTo(value: unknown, allowlist: readonly string[] = [], maxLength = MAX_RETURN_TO_LENGTH): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return undefined;
  if (HOSTILE.test(value)) return undefined;
  if (value.startsWith('/')) return localPath(value);
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
    if (target.origin !== allowed.origin || !(target.pathname + '/').startsWith(prefix)) continue;
    // Sent as an absolute URL, so a path starting with // stays on the allowed host; refused anyway,
    // as the application there would read it as a path of its own.
    return target.pathname.startsWith('//') ? undefined : target.href;
  }
  return undefined;
}

/** A path on this origin, normalised; undefined when the browser would read it as another host. */
function localPath(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value, HERE);
  } catch {
    return undefined;
  }
  if (u.origin !== HERE) return undefined;
  const path = `${u.pathname}${u.search}`;
  // The normalised path is what goes into Location: read again, it must still be a path here.
  if (!path.startsWith('/') || path.startsWith('//') || new URL(path, HERE).origin !== HERE) return undefined;
  return path;
}
