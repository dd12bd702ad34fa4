/**
 * `env:NAME` secrets of the config, resolved when used (`Secret.reveal`), and the check that the
 * gateway runs at start so a missing one fails at once rather than on the first webhook or request.
 */
import { readFileSync } from 'node:fs';
import type { Secret } from '../domain/secret.js';
import { ConfigError } from './errors.js';
import type { Config } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

export class EnvSecret implements Secret {
  readonly variable: string;
  readonly #value: string | undefined;

  /** `reference` is the config's `env:NAME`; `why` is said after "not set" when it is missing. */
  constructor(
    readonly path: string,
    reference: string,
    env: Env,
    private readonly file: string,
    private readonly why: string = '',
  ) {
    this.variable = reference.startsWith('env:') ? reference.slice('env:'.length) : reference;
    const value = env[this.variable];
    this.#value = value === undefined || value === '' ? undefined : value;
  }

  get isSet(): boolean {
    return this.#value !== undefined;
  }

  reveal(): string {
    if (this.#value === undefined) throw new ConfigError(this.file, [this.problem()]);
    return this.#value;
  }

  problem(): string {
    return `${this.path}: environment variable ${this.variable} is not set${this.why === '' ? '' : ` (${this.why})`}`;
  }

  /** Never the value: a config printed or logged shows where the secret comes from. */
  toJSON(): string {
    return `env:${this.variable}`;
  }
}

/**
 * A secret kept in a file a variable names (Docker secrets: geoipupdate's `GEOIPUPDATE_LICENSE_KEY_FILE`),
 * read when used, surrounding white space dropped. Printed as the variable and the file, never the value.
 */
export class FileSecret implements Secret {
  constructor(
    readonly path: string,
    /** The variable naming the file. */
    readonly variable: string,
    private readonly secretFile: string,
    private readonly file: string,
  ) {}

  #read(): string {
    return readFileSync(this.secretFile, 'utf8').trim();
  }

  get isSet(): boolean {
    try {
      return this.#read() !== '';
    } catch {
      return false;
    }
  }

  reveal(): string {
    let value: string;
    try {
      value = this.#read();
    } catch (err) {
      throw new ConfigError(this.file, [`${this.path}: cannot read ${this.secretFile} (named by ${this.variable}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`]);
    }
    if (value === '') throw new ConfigError(this.file, [`${this.path}: ${this.secretFile} (named by ${this.variable}) is empty`]);
    return value;
  }

  toJSON(): string {
    return `file:${this.secretFile} (${this.variable})`;
  }
}

/** Every secret the gateway will use: provider keys of real (not simulated) providers, the webhook's, the checkpoint key, the safety-identifier key, MaxMind's licence key. */
function secretsInUse(config: Config): Secret[] {
  const providerKeys = config.providers.filter((p) => !p.simulated).flatMap((p) => (p.apiKey === null ? [] : [p.apiKey]));
  const webhook = config.enforcement.webhook?.secret;
  const safety = config.safetyIdentifiers.secret;
  const maxmind = config.updates.maxmind !== null && config.updates.sources.some((s) => s.kind === 'maxmind') ? [config.updates.maxmind.licenseKey] : [];
  return [...providerKeys, ...(webhook === undefined ? [] : [webhook]), ...(config.audit.checkpointKey === null ? [] : [config.audit.checkpointKey]), ...(safety === null ? [] : [safety]), ...maxmind];
}

/** Throws one ConfigError naming every secret the gateway needs and the environment does not set. */
export function requireSecrets(config: Config): void {
  const problems: string[] = [];
  for (const secret of secretsInUse(config)) {
    try {
      secret.reveal();
    } catch (err) {
      problems.push(...(err instanceof ConfigError ? err.problems : [String(err)]));
    }
  }
  if (problems.length > 0) throw new ConfigError(config.source ?? '(built-in defaults)', problems);
}
