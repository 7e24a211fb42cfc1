export { errorSpecs, fixedMessage, type ErrorSpec, type ErrorSpecs } from './error-spec';
export { SharedErrors } from './shared-errors';
export { ViewerErrors } from './viewer-errors';
