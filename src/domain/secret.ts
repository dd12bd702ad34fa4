/**
 * A secret the configuration names (`env:NAME`), read when it is used, not when the config loads: a
 * command that never signs a webhook or calls a provider runs without their variables set.
 */
export interface Secret {
  /** Where the config names it, e.g. `enforcement.webhook.secret`. */
  readonly path: string;
  /** The environment variable it is read from. */
  readonly variable: string;
  /** True when the variable is set to a non-empty value. */
  readonly isSet: boolean;
  /** The value; throws an error naming the config file, the path and the variable when it is not set. */
  reveal(): string;
}
