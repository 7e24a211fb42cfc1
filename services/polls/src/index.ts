export * from './polls.constants';
export * from './polls.module';
export * from './config';
export { POLLS_SERVICE } from './service';
