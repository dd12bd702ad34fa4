/**
 * Which tokenizer counts a model's tokens when its usage must be estimated (docs/metering.md,
 * "Estimated usage"), and the counting itself with `gpt-tokenizer`. OpenAI's models use `o200k_base`
 * (GPT-4o and later, the o-series, gpt-oss) or `cl100k_base` (GPT-4, GPT-3.5, the embeddings models):
 * exact tokenizers for their family. Every other family (Llama, Mistral, DeepSeek, Qwen, Claude…) is
 * counted with `o200k_base` as an approximation, and the record says so (`model_family: "other"`).
 *
 * The encodings are large (loading one takes about a second of CPU), so they are loaded only when a
 * first estimate is needed, never on the normal path; `warmTokenizers` lets the composition root load
 * them before traffic arrives.
 */
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

type Count = (text: string) => number;
const loaded = new Map<TokenizerName, Promise<Count>>();

function load(name: TokenizerName): Promise<Count> {
  let counting = loaded.get(name);
  if (counting === undefined) {
    counting = (name === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base')).then(
      // Special-token text in what a model wrote is ordinary text here, not a control token.
      (m) => (text: string) => m.countTokens(text, { disallowedSpecial: new Set() }),
    );
    loaded.set(name, counting);
    counting.catch(() => loaded.delete(name));
  }
  return counting;
}

/** Tokens of each text with the named tokenizer. */
export async function countTokens(name: TokenizerName, texts: readonly string[]): Promise<number> {
  const count = await load(name);
  let total = 0;
  for (const text of texts) if (text.length > 0) total += count(text);
  return total;
}

/** Loads both encodings now (at start-up), so the first estimate does not pay for it. */
export async function warmTokenizers(): Promise<void> {
  await Promise.all([load('o200k_base'), load('cl100k_base')]);
}
