import { type z } from 'zod';
import { eventSchemas, type EventPayload } from './catalogue';
import { isEventName, type EventName } from './events';

/** A validated event; narrowing on `name` narrows `payload` to that event's shape. */
export type ParsedEvent = { [N in EventName]: { ok: true; name: N; payload: EventPayload<N> } }[EventName];

export interface RejectedEvent {
  ok: false;
  /** Safe to log: names paths and expectations, never echoes payload values. */
  reason: string;
}

const MAX_REPORTED_ISSUES = 5;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

/**
 * Validates an incoming message against the catalogue. Unknown keys are stripped rather than
 * refused, so a producer may add an optional field to a `.v1` payload without breaking older
 * consumers (anything incompatible gets a new `.v2` name instead).
 */
export function parseEvent(name: string, payload: unknown): ParsedEvent | RejectedEvent {
  if (!isEventName(name)) {
    return { ok: false, reason: `unknown event name ${JSON.stringify(name.slice(0, 100))}` };
  }
  const result = eventSchemas[name].safeParse(payload);
  if (!result.success) {
    return { ok: false, reason: `invalid ${name} payload: ${describeIssues(result.error.issues)}` };
  }
  // The compiler cannot correlate `name` with the schema it indexed; the lookup above guarantees it.
  return { ok: true, name, payload: result.data } as ParsedEvent;
}
