// An iCalendar (RFC 5545) event for "add to calendar": times in UTC, text escaped, CRLF lines.
import type { SeminarView } from '../api/types';

const stamp = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const escape = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/[,;]/g, (c) => `\\${c}`);

export function seminarIcs(seminar: SeminarView, url: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Webinar//EN',
    'BEGIN:VEVENT',
    `UID:${seminar.id}@webinar`,
    `DTSTAMP:${stamp(new Date().toISOString())}`,
    `DTSTART:${stamp(seminar.startsAt)}`,
    `DTEND:${stamp(seminar.endsAt)}`,
    `SUMMARY:${escape(seminar.title)}`,
    `DESCRIPTION:${escape(seminar.description)}`,
    `URL:${url}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
