import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';

/** The one error class: its `code` is the discriminator; status, type and message come from the catalogue. */
export class CordonError extends Error {
  readonly code: ErrorCode;
  readonly params: Readonly<Record<string, string | number>>;
  /** Which request field is at fault, as OpenAI's `error.param`. */
  readonly param: string | null;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, options: { param?: string; cause?: unknown } = {}) {
    super(fillTemplate(ERROR_CATALOGUE[code].message, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CordonError';
    this.code = code;
    this.params = params;
    this.param = options.param ?? null;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
}

function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function isCordonError(value: unknown): value is CordonError {
  return value instanceof CordonError;
}
