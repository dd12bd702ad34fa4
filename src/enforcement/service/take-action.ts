/**
 * Takes an action on a key (ladder or operator): records it with its evidence, sets the key's status
 * and, when a webhook is configured, enqueues its message, all in one store transaction. Shared by the
 * enforcer and `cordon accounts`.
 */
import type { EnforcementAction, NewAction } from '../../domain/enforcement.js';
import type { ActionsSeen, EnforcementStore, OutboxDraft } from '../../store/enforcement-port.js';
import { actionDraft, type ActionContext } from './webhook-events.js';

export interface TakeActionOptions {
  readonly notify: boolean;
  readonly context: ActionContext;
}

export async function takeAction(store: EnforcementStore, action: NewAction, options: TakeActionOptions): Promise<EnforcementAction> {
  return store.applyAction(action, notifier(options));
}

/**
 * The ladder's form: taken only if the key's actions are still `seen`, the ones the ladder decided
 * from. Null when another instance acted on the key first (docs/scale-out.md).
 */
export async function takeActionIfUnchanged(store: EnforcementStore, action: NewAction, seen: ActionsSeen, options: TakeActionOptions): Promise<EnforcementAction | null> {
  return store.applyActionIfUnchanged(action, seen, notifier(options));
}

function notifier(options: TakeActionOptions): ((saved: EnforcementAction) => OutboxDraft) | undefined {
  return options.notify ? (saved) => actionDraft(saved, options.context) : undefined;
}
