/**
 * The text an estimate counts (docs/metering.md, "Estimated usage"): what the model wrote, from the
 * streamed events the caller received, and what it was asked, from the request body. Only what is
 * tokenized is taken: message text, tool-call names and arguments, refusals, reasoning text. The
 * shapes read: OpenAI chat and text completions (`choices[].delta`, `choices[].text`), the Responses
 * API (`response.*.delta` events) and Anthropic's Messages API (`content_block_delta`), so every
 * streamed protocol Cordon relays is estimated the same way.
 */
type Bag = Readonly<Record<string, unknown>>;

function bag(value: unknown): Bag | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Bag) : null;
}

function push(out: string[], value: unknown): void {
  if (typeof value === 'string' && value.length > 0) out.push(value);
}

/** Text a streamed event adds to the answer (appended to `out`). */
export function eventText(message: unknown, out: string[]): void {
  const m = bag(message);
  if (m === null) return;
  if (Array.isArray(m.choices)) {
    for (const choice of m.choices) {
      const c = bag(choice);
      if (c === null) continue;
      push(out, c.text);
      const d = bag(c.delta);
      if (d === null) continue;
      push(out, d.content);
      push(out, d.refusal);
      push(out, d.reasoning_content);
      if (Array.isArray(d.tool_calls)) for (const call of d.tool_calls) functionText(bag(call)?.function, out);
      functionText(d.function_call, out);
    }
    return;
  }
  // Responses API (`response.output_text.delta`, `…function_call_arguments.delta`, …) and Anthropic.
  if (typeof m.type === 'string' && m.type.endsWith('.delta')) push(out, m.delta);
  const d = bag(m.delta);
  if (d !== null) {
    push(out, d.text);
    push(out, d.partial_json);
    push(out, d.thinking);
  }
}

function functionText(fn: unknown, out: string[]): void {
  const f = bag(fn);
  if (f === null) return;
  push(out, f.name);
  push(out, f.arguments);
}

/** Tokens a chat message costs beyond its text (OpenAI's published count), and the reply's priming. */
export const MESSAGE_OVERHEAD_TOKENS = 3;
export const REPLY_PRIMING_TOKENS = 3;

export interface PromptText {
  readonly texts: readonly string[];
  /** Messages in the prompt (each costs MESSAGE_OVERHEAD_TOKENS), 0 for a bare prompt. */
  readonly messages: number;
}

/** The text of a request's prompt: messages, prompt, input, instructions, system, tools. */
export function promptText(body: Readonly<Record<string, unknown>>): PromptText {
  const out: string[] = [];
  let messages = 0;
  for (const list of [body.messages, body.input]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      messages++;
      if (typeof item === 'string') {
        out.push(item);
        continue;
      }
      const m = bag(item);
      if (m === null) continue;
      push(out, m.name);
      contentText(m.content, out);
      if (Array.isArray(m.tool_calls)) for (const call of m.tool_calls) functionText(bag(call)?.function, out);
      push(out, m.arguments);
      push(out, m.output);
    }
  }
  push(out, body.input);
  push(out, body.instructions);
  contentText(body.system, out);
  if (typeof body.prompt === 'string') out.push(body.prompt);
  else if (Array.isArray(body.prompt)) for (const p of body.prompt) push(out, p);
  if (Array.isArray(body.tools) && body.tools.length > 0) out.push(JSON.stringify(body.tools));
  return { texts: out, messages };
}

/** A message's content: a string, or parts with `text` (`text`, `input_text`, `output_text`). */
function contentText(content: unknown, out: string[]): void {
  if (typeof content === 'string') {
    out.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content) push(out, bag(part)?.text);
}
