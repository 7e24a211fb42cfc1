export * from './config';
export * from './banner';
export * from './web-root.module';
