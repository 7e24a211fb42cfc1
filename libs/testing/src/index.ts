export * from './infra';
export * from './database';
export * from './processes';
export * from './rabbitmq';
