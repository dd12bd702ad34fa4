/** Request headers as the gateway reads them: one value per name (the first, when a header repeats). */
import type { IncomingHttpHeaders } from 'node:http';

export function firstHeaderValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
