export * from './stream.constants';
export * from './stream.module';
export * from './config';
