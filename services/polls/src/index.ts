export * from './polls.constants';
export * from './polls.module';
export * from './config';
