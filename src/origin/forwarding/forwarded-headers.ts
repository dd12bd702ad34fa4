/**
 * Reads the hop lists of `X-Forwarded-For` and RFC 7239 `Forwarded` into one address per hop, in
 * header order (left = farthest from us). A hop that is not a usable address comes out as null, so
 * the walk in `client-address.ts` can stop there.
 */
import { normalizeIp } from '../address/index.js';

type HeaderValue = string | readonly string[] | undefined;

/** Several header lines of one name form one list, in order (RFC 9110 §5.3). */
function joinLines(value: HeaderValue): string | null {
  if (value === undefined) return null;
  const text = typeof value === 'string' ? value : value.join(',');
  return text.trim() === '' ? null : text;
}

/**
 * An address with an optional port, as proxies write it: `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]`,
 * `[2001:db8::1]:80`, `2001:db8::1`. A bare IPv6 address with a port is ambiguous and never written.
 */
export function parseNodeAddress(text: string): string | null {
  const s = text.trim();
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close === -1) return null;
    const rest = s.slice(close + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return normalizeIp(s.slice(1, close));
  }
  const colon = s.indexOf(':');
  if (colon !== -1 && colon === s.lastIndexOf(':')) {
    // exactly one colon: IPv4 with a port
    if (!/^\d{1,5}$/.test(s.slice(colon + 1))) return null;
    return normalizeIp(s.slice(0, colon));
  }
  return normalizeIp(s);
}

/** The hops of `X-Forwarded-For`, left to right; null for an entry that is not an address. */
export function xForwardedForHops(value: HeaderValue): Array<string | null> {
  const text = joinLines(value);
  if (text === null) return [];
  return text.split(',').map((entry) => parseNodeAddress(entry.replace(/^"|"$/g, '')));
}

/**
 * Splits on `separator` outside double-quoted strings (which may hold `\"` escapes); null when a quoted
 * string is never closed — everything after its opening quote, the elements our proxies appended
 * included, would otherwise read as part of it.
 */
function splitOutsideQuotes(text: string, separator: string): string[] | null {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) return null;
  parts.push(text.slice(start));
  return parts;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

/**
 * The `for=` node of each `Forwarded` element, left to right. `for=unknown`, obfuscated identifiers
 * (`for=_hidden`), a missing or repeated `for=` and malformed pairs all come out as null: the hop is
 * unusable. A header whose quoted string is never closed cannot be split into the elements each proxy
 * wrote (a client's `for=8.8.8.8;x="` would swallow the element the proxy appended after it): it reads
 * as one unusable hop, so the client is hidden, never the address it wrote.
 */
export function forwardedForHops(value: HeaderValue): Array<string | null> {
  const text = joinLines(value);
  if (text === null) return [];
  const elements = splitOutsideQuotes(text, ',');
  if (elements === null) return [null];
  return elements.map((element) => {
    let node: string | null = null;
    let seen = false;
    // Quotes balance in the whole header, so they do in each element too.
    for (const pair of splitOutsideQuotes(element, ';') ?? []) {
      const eq = pair.indexOf('=');
      if (eq === -1) return null;
      if (pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
      if (seen) return null; // RFC 7239 §4: each parameter at most once per element
      seen = true;
      node = parseNodeAddress(unquote(pair.slice(eq + 1)));
    }
    return node;
  });
}
