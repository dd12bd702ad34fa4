/** Connection URLs in messages and banners, without their passwords. */

/** The URL with its password replaced, for messages (a store or Redis URL may hold a password). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL (unparsable)';
  }
}
