export * from './cms.constants';
export * from './cms.module';
export * from './config';
