// Turns the handler declarations of one service module into one subscription per queue, and refuses
// at start what could only fail later: an event outside the catalogue, two handlers for one event on
// one queue, a handler without a tenant, handlers of one queue disagreeing on its settings.
import { isEventName, type EventName } from '@webinar/contracts';
import { type TenantContext } from '@webinar/persistence';
import type { HandlerDeclaration } from './on-message';

export type ConsumerDeclarationErrorCode = 'UNKNOWN_EVENT' | 'DUPLICATE_HANDLER' | 'MISSING_TENANT' | 'CONFLICTING_QUEUE_OPTIONS' | 'INVALID_HANDLER';

/** A consumer declaration the service cannot start with; thrown during module initialisation. */
export class ConsumerDeclarationError extends Error {
  override readonly name = 'ConsumerDeclarationError';

  constructor(
    readonly code: ConsumerDeclarationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A declaration and where it came from, as the planner receives it. */
export interface DeclaredHandler {
  owner: object;
  className: string;
  declaration: HandlerDeclaration;
}

export interface PlannedHandler {
  /** `Class.method`, for logs and errors. */
  label: string;
  tenant: (payload: never) => TenantContext;
  invoke: (...args: unknown[]) => Promise<void>;
}

export interface QueuePlan {
  queue: string;
  deliveryLimit?: number;
  prefetch?: number;
  /** Exactly the events this queue is subscribed to; anything else that reaches it is dead-lettered. */
  handlers: ReadonlyMap<EventName, PlannedHandler>;
}

function labelOf(handler: DeclaredHandler): string {
  return `${handler.className}.${String(handler.declaration.method)}`;
}

function methodOf(handler: DeclaredHandler): (...args: unknown[]) => Promise<void> {
  const method: unknown = (handler.owner as Record<string | symbol, unknown>)[handler.declaration.method];
  if (typeof method !== 'function') throw new ConsumerDeclarationError('INVALID_HANDLER', `${labelOf(handler)} is not a method`);
  return (...args) => (method as (...a: unknown[]) => Promise<void>).apply(handler.owner, args);
}

function agree(queue: string, setting: 'deliveryLimit' | 'prefetch', current: number | undefined, next: number | undefined): number | undefined {
  if (current !== undefined && next !== undefined && current !== next) {
    throw new ConsumerDeclarationError('CONFLICTING_QUEUE_OPTIONS', `Handlers on queue ${queue} declare different ${setting} values (${current}, ${next})`);
  }
  return current ?? next;
}

export function planQueues(handlers: readonly DeclaredHandler[]): QueuePlan[] {
  const plans = new Map<string, { deliveryLimit?: number; prefetch?: number; handlers: Map<EventName, PlannedHandler> }>();
  for (const handler of handlers) {
    const { event, queue, tenant } = handler.declaration;
    const label = labelOf(handler);
    if (typeof event !== 'string' || !isEventName(event)) {
      throw new ConsumerDeclarationError('UNKNOWN_EVENT', `${label} handles ${JSON.stringify(String(event))}, which is not in the event catalogue`);
    }
    if (typeof tenant !== 'function') {
      throw new ConsumerDeclarationError('MISSING_TENANT', `${label} declares no tenant for ${event} (byCompany, or platformWide(reason))`);
    }
    const plan = plans.get(queue) ?? { handlers: new Map<EventName, PlannedHandler>() };
    const taken = plan.handlers.get(event);
    if (taken) {
      throw new ConsumerDeclarationError('DUPLICATE_HANDLER', `${event} on queue ${queue} has two handlers: ${taken.label} and ${label}`);
    }
    plan.deliveryLimit = agree(queue, 'deliveryLimit', plan.deliveryLimit, handler.declaration.deliveryLimit);
    plan.prefetch = agree(queue, 'prefetch', plan.prefetch, handler.declaration.prefetch);
    plan.handlers.set(event, { label, tenant, invoke: methodOf(handler) });
    plans.set(queue, plan);
  }
  return [...plans].map(([queue, plan]) => ({
    queue,
    handlers: plan.handlers,
    ...(plan.deliveryLimit === undefined ? {} : { deliveryLimit: plan.deliveryLimit }),
    ...(plan.prefetch === undefined ? {} : { prefetch: plan.prefetch }),
  }));
}
