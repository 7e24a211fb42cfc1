export * from './app-error';
export * from './error-codes';
export {
  defineErrors,
  isErrorCatalogue,
  type CatalogueError,
  type ErrorCatalogue,
  type ErrorThrower,
} from './errors/define-errors';
export { Refuses, refusalsOf } from './errors/refuses';
export { Responds, responsesOf, RESPONDS_METADATA, type ResponseDeclaration } from './responses/responds';
export { ResponseCheckInterceptor, ResponseMismatchError, responseMismatch } from './responses/response-check';
export { openApiSchemaOf } from './responses/json-schema';
export * from './exception-filter';
export * from './validation';
export * from './security-headers';
export * from './route-audit';
export * from './openapi';
export * from './nest-logger';
export * from './create-app';
export * from './platform.module';
export * from './service-wiring';
export * from './service-config';
export * from './run-service';
export * from './service-description';
export * from './tls-certificate';
export * from './revocation-feed';
export * from './elevated-request-audit';
export { OnMessage, byCompany, platformWide, type OnMessageOptions, type MessageHandlerMethod } from './consumers/on-message';
export { ConsumerDeclarationError, type ConsumerDeclarationErrorCode } from './consumers/consumer-plan';
export { MessageConsumers, messageConsumersProvider } from './consumers/message-consumers';
