export type { Logger } from './logger';
export { MessagingError, isMessagingError, type MessagingErrorCode } from './errors';
export { createEnvelope, type Envelope, type PublishOptions } from './envelope';
export {
  DEFAULT_DELIVERY_LIMIT,
  DEFAULT_PREFETCH,
  type ConsumerOptions,
  type MessageBus,
  type MessageHandler,
  type Subscription,
} from './message-bus';
export { currentTraceHeaders } from './trace-context';
export { InProcessBus, type DeadLetter, type InProcessBusOptions } from './in-process/in-process-bus';
export { AmqpBus, DEFAULT_DEAD_LETTER_EXCHANGE, DEFAULT_EVENTS_EXCHANGE, type AmqpBusOptions } from './amqp/amqp-bus';
export { deadLetterQueueName } from './amqp/topology';
export { createBus, type CreateBusOptions } from './create-bus';
export { deleteRunTopology, PrefixedBus } from './prefixed-bus';
export { outboxClaimLeaseDdl, outboxClaimLeaseMigration, outboxInboxDdl } from './outbox/ddl';
export { enqueue } from './outbox/enqueue';
export { type OutboxEvent, recentOutboxEvents } from './outbox/recent-events';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export { idempotentHandler, type IdempotentHandlerOptions } from './inbox/idempotent-handler';
export { JournalOutbox, type JournalOutboxOptions } from './journal/journal-outbox';
export { backoffDelay, type BackoffOptions, sleep } from './backoff';
export { IpcBus } from './ipc/ipc-bus';
export { IpcBusBridge } from './ipc/ipc-bridge';
export { childChannel, parentChannel } from './ipc/ipc-channel';
export { type IpcChannel } from './ipc/ipc-frames';
