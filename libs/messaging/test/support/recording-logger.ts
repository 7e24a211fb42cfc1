import { type Logger } from '../../src/logger';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/** Keeps log calls for assertions; nothing reaches the console. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  info(obj: object, msg?: string): void {
    this.entries.push({ level: 'info', obj, msg });
  }

  warn(obj: object, msg?: string): void {
    this.entries.push({ level: 'warn', obj, msg });
  }

  error(obj: object, msg?: string): void {
    this.entries.push({ level: 'error', obj, msg });
  }

  messages(level?: LogEntry['level']): string[] {
    return this.entries.filter((e) => !level || e.level === level).map((e) => e.msg ?? '');
  }
}
