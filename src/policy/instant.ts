/**
 * Dates in policy files: an ISO date (`2026-01-01`, midnight UTC) or an ISO date-time with a zone
 * (`2026-01-01T12:00:00Z`, `2026-01-01T14:00:00+02:00`). A date-time without a zone is ambiguous and
 * rejected.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const AS_OF = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;

export const INSTANT_EXPECTED = 'an ISO date such as "2026-01-01" or a date-time with a zone such as "2026-01-01T00:00:00Z"';

/** Epoch milliseconds, or null when `text` is not a valid date or zoned date-time. */
export function parseInstant(text: string): number | null {
  const date = DATE.exec(text);
  if (date !== null) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? null : ms;
  }
  const dateTime = DATE_TIME.exec(text);
  if (dateTime === null) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  // Reject calendar overflow such as 2026-02-31, which Date.parse silently rolls over.
  const [, y, m, d] = dateTime;
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return day.getUTCDate() === Number(d) && day.getUTCMonth() === Number(m) - 1 ? ms : null;
}

/** `YYYY-MM` or `YYYY-MM-DD`: when a preset's data was taken. */
export function isAsOf(text: string): boolean {
  if (!AS_OF.test(text)) return false;
  return text.length === 7 || parseInstant(text) !== null;
}

/** Formats epoch ms for people: the date alone at midnight UTC, else the full ISO instant. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
