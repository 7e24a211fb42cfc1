export * from './infra';
export * from './database';
export * from './processes';
export * from './rabbitmq';
export * from './tls-probe';
export * from './token-encodings';
export * from './no-plaintext';
