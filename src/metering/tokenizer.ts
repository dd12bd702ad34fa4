/**
 * Which tokenizer counts a model's tokens when its usage must be estimated (docs/metering.md,
 * "Estimated usage"), and the counting itself with `gpt-tokenizer`. OpenAI's models use `o200k_base`
 * (GPT-4o and later, the o-series, gpt-oss) or `cl100k_base` (GPT-4, GPT-3.5, the embeddings models):
 * exact tokenizers for their family. Every other family (Llama, Mistral, DeepSeek, Qwen, Claude…) is
 * counted with `o200k_base` as an approximation, and the record says so (`model_family: "other"`).
 *
 * The encodings are large (o200k_base: ~20 MB of heap and about a second of CPU to load; cl100k_base
 * ~8 MB), so they are loaded only when a first estimate needs one, never on the normal path, and in a
 * thread of their own: the gateway's event loop never stalls for them and its heap never holds them
 * (docs/benchmarks.md, "Memory"). The first estimate of a process waits for the load (its stream's last
 * event is held that long); later ones take microseconds plus the counting.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type TokenizerName = 'o200k_base' | 'cl100k_base';

export interface TokenizerChoice {
  readonly tokenizer: TokenizerName;
  /** `openai`: the model's own tokenizer; `other`: an approximation with o200k_base. */
  readonly family: 'openai' | 'other';
}

const CL100K = /^(?:gpt-4(?![o.]|-o)|gpt-3\.5|text-embedding-(?:ada|3)|text-davinci|davinci|babbage)/;
const O200K = /^(?:gpt-4o|gpt-4\.[1-9]|gpt-5|gpt-oss|o[1-9](?:-|$)|chatgpt-|codex-|computer-use)/;

/** The tokenizer for an upstream model name (a `vendor/` prefix is ignored). */
export function tokenizerFor(model: string): TokenizerChoice {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  if (CL100K.test(name)) return { tokenizer: 'cl100k_base', family: 'openai' };
  if (O200K.test(name)) return { tokenizer: 'o200k_base', family: 'openai' };
  return { tokenizer: 'o200k_base', family: 'other' };
}

/** How long the thread stays after its last count (a burst of estimates pays the load once). */
const IDLE_MS = 60_000;

interface CountRequest {
  readonly id: number;
  readonly name: TokenizerName;
  readonly texts: readonly string[];
}

type CountReply = { readonly id: number; readonly count: number } | { readonly id: number; readonly error: string };

/** Each encoding's module file (gpt-tokenizer's CommonJS build), resolved here so the thread needs no resolver of its own. */
const require = createRequire(import.meta.url);
const ENCODINGS: Readonly<Record<TokenizerName, string>> = {
  o200k_base: require.resolve('gpt-tokenizer/encoding/o200k_base'),
  cl100k_base: require.resolve('gpt-tokenizer/encoding/cl100k_base'),
};

/**
 * The thread's whole program (CommonJS, so it runs the same from the build and from the TypeScript
 * sources): it loads an encoding the first time one is asked for and answers each `CountRequest`.
 * Special-token text in what a model wrote is ordinary text here, not a control token.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = new Map();
parentPort.on('message', ({ id, name, texts }) => {
  try {
    let count = loaded.get(name);
    if (count === undefined) {
      const encoding = require(workerData[name]);
      count = (text) => encoding.countTokens(text, { disallowedSpecial: new Set() });
      loaded.set(name, count);
    }
    let total = 0;
    for (const text of texts) if (text.length > 0) total += count(text);
    parentPort.postMessage({ id, count: total });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/**
 * The thread the counting runs in, started on the first estimate and kept, unref'd, for the next. A
 * thread that fails or exits fails the counts it was given (the recorder logs the estimate as not
 * made); the next count starts a new one.
 */
class TokenizerThread {
  #worker: Worker | null = null;
  readonly #pending = new Map<number, { resolve: (count: number) => void; reject: (error: Error) => void }>();
  #next = 0;
  /** Ends a thread that has had nothing to count for IDLE_MS: its encodings' memory goes back. */
  #idle: NodeJS.Timeout | null = null;

  count(name: TokenizerName, texts: readonly string[]): Promise<number> {
    if (this.#idle !== null) clearTimeout(this.#idle);
    this.#idle = null;
    const worker = this.#worker ?? this.#start();
    const id = ++this.#next;
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref(); // a count under way keeps the process up until it is answered
      worker.postMessage({ id, name, texts } satisfies CountRequest);
    });
  }

  #start(): Worker {
    // No inherited node flags: the program is CommonJS whatever the parent was started with (`--input-type`, loaders).
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: ENCODINGS, execArgv: [] });
    worker.unref();
    worker.on('message', (reply: CountReply) => {
      const waiting = this.#pending.get(reply.id);
      if (waiting === undefined) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) {
        worker.unref();
        this.#idle = setTimeout(() => this.#retire(worker), IDLE_MS).unref();
      }
      if ('count' in reply) waiting.resolve(reply.count);
      else waiting.reject(new Error(`token count failed: ${reply.error}`));
    });
    const fail = (error: Error) => {
      if (this.#worker !== worker) return; // retired: nothing of its own is waiting
      this.#worker = null;
      for (const waiting of this.#pending.values()) waiting.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the tokenizer thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #retire(worker: Worker): void {
    this.#idle = null;
    if (this.#worker !== worker || this.#pending.size > 0) return;
    this.#worker = null;
    void worker.terminate();
  }
}

const thread = new TokenizerThread();

/** Tokens of each text with the named tokenizer, counted in the tokenizer thread. */
export function countTokens(name: TokenizerName, texts: readonly string[]): Promise<number> {
  return thread.count(name, texts);
}
