// The one way to consume a bus message: a method of a provider, declared with the event it handles,
// its queue and whose data it works on. `MessageConsumers` finds the declarations at start,
// subscribes one consumer per queue and runs each message behind the inbox, in a transaction already
// scoped to the declared tenant (see docs/architecture.md, "A consumer").
import { type EventName, type EventPayload } from '@webinar/contracts';
import { type Envelope } from '@webinar/messaging';
import { type TenantContext } from '@webinar/persistence';
import type { EntityManager } from 'typeorm';

export interface OnMessageOptions<N extends EventName> {
  /**
   * Durable queue (and inbox consumer key). Handlers that share it share one subscription, and the
   * message's name picks the handler.
   */
  queue: string;
  /**
   * Whose rows the handler sees and writes (row-level security): `byCompany` for an event that
   * names its company, `platformWide(reason)` only for events that belong to no company.
   */
  tenant: (payload: EventPayload<N>) => TenantContext;
  /** See `ConsumerOptions.deliveryLimit`; handlers sharing a queue must agree. */
  deliveryLimit?: number;
  /** See `ConsumerOptions.prefetch`; handlers sharing a queue must agree. */
  prefetch?: number;
}

/** What a declared handler must look like: it gets the message and the inbox's scoped transaction. */
export type MessageHandlerMethod<N extends EventName> = (message: Envelope<N>, manager: EntityManager) => Promise<void>;

/** One `@OnMessage` as recorded on its class, generics erased for the registry. */
export interface HandlerDeclaration {
  event: EventName;
  method: string | symbol;
  queue: string;
  // Only ever called with payloads of `event` (the dispatcher routes by name).
  tenant: ((payload: never) => TenantContext) | undefined;
  deliveryLimit?: number;
  prefetch?: number;
}

// Keyed by class: a WeakMap rather than reflect-metadata, so nothing else can read or overwrite it.
const declarations = new WeakMap<object, HandlerDeclaration[]>();

/** The tenant of events that carry their `companyId`. */
export function byCompany(payload: { companyId: string }): TenantContext {
  return { companyId: payload.companyId };
}

/** Root scope for an event that belongs to no company; the reason is recorded with each query. */
export function platformWide(reason: string): () => TenantContext {
  return () => ({ root: true, reason });
}

export function OnMessage<N extends EventName>(event: N, options: OnMessageOptions<N>) {
  return (target: object, method: string | symbol, _descriptor: { value?: MessageHandlerMethod<N> }): void => {
    const declaration: HandlerDeclaration = { ...options, event, method };
    declarations.set(target.constructor, [...declaredHandlers(target.constructor), declaration]);
  };
}

/** The `@OnMessage` declarations of a provider class, in source order. */
export function declaredHandlers(type: unknown): readonly HandlerDeclaration[] {
  return typeof type === 'function' ? (declarations.get(type) ?? []) : [];
}
