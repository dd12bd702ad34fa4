/**
 * Runs a policy command that needs the store: invalid documents print every issue, other failures one
 * `error:` line; both set exit code 1.
 */
import { formatIssue, PolicyValidationError } from '../../policy/index.js';
import type { CliIo } from '../context.js';
import type { EvidenceCliContext } from '../evidence-context.js';

/** The context, or an error when the command was built without a store (`policyCommand(io)` alone). */
export type EvidenceContextSource = () => EvidenceCliContext;

export async function runPolicyAction(io: CliIo, source: EvidenceContextSource, action: (ctx: EvidenceCliContext) => Promise<void>): Promise<void> {
  try {
    await action(source());
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof PolicyValidationError) io.err.write(`${err.issues.map(formatIssue).join('\n')}\n`);
    else io.err.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
