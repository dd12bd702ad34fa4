/**
 * Takes an action on a key (ladder or operator): records it with its evidence, sets the key's status
 * and, when a webhook is configured, enqueues its message, all in one store transaction. Shared by the
 * enforcer and `cordon accounts`.
 */
import type { EnforcementAction, NewAction } from '../../domain/enforcement.js';
import type { EnforcementStore } from '../../store/enforcement-port.js';
import { actionDraft, type ActionContext } from './webhook-events.js';

export async function takeAction(store: EnforcementStore, action: NewAction, options: { readonly notify: boolean; readonly context: ActionContext }): Promise<EnforcementAction> {
  return store.applyAction(action, options.notify ? (saved) => actionDraft(saved, options.context) : undefined);
}
