// Deliberate crashes for the end-to-end tests that prove at-least-once delivery and the inbox:
// with WEBINAR_FAULT=exit-before-ack the process dies after a handler committed its effect and
// before the broker heard the ack, which is the window a real crash can hit. Unset in production.
export const FAULT_EXIT_CODE = 86;

export function crashBeforeAckIfInjected(): void {
  if (process.env['WEBINAR_FAULT'] === 'exit-before-ack') process.exit(FAULT_EXIT_CODE);
}
