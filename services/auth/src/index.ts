export * from './auth.constants';
export * from './auth.module';
export * from './config';
