// One filter for every error: known errors keep their stable code and status; anything else becomes
// a 500 with an error id that the log line also carries, so support can find it without the
// response revealing internals.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { AppError, type ErrorBody } from './app-error';
import { codeForStatus, HttpErrorCodes, messageForCode } from './error-codes';

export interface ErrorLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

interface ResponseWithCode {
  code?: unknown;
  message?: unknown;
  issues?: unknown;
}

function isIssueList(value: unknown): value is { path: string; message: string }[] {
  return Array.isArray(value) && value.every((i) => typeof i === 'object' && i !== null && 'path' in i);
}

/** Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode. */
function clientStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const status = (error).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (error instanceof AppError) {
    return { status: error.status, body: { code: error.code, message: error.message }, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // 4xx, and 503 (a dependency such as auth's key set is briefly unreachable): the client may retry.
    if (status < 500 || status === 503) {
      const response = error.getResponse();
      const shaped: ResponseWithCode = typeof response === 'object' && response !== null ? response : {};
      const code = typeof shaped.code === 'string' ? shaped.code : codeForStatus(status);
      const message =
        typeof shaped.code === 'string' && typeof shaped.message === 'string'
          ? shaped.message
          : messageForCode(code);
      const body: ErrorBody = { code, message };
      if (isIssueList(shaped.issues)) body.issues = shaped.issues;
      return { status, body, unexpected: false };
    }
  }
  const clientStatus = clientStatusOf(error);
  if (clientStatus !== undefined) {
    const code = codeForStatus(clientStatus);
    return { status: clientStatus, body: { code, message: messageForCode(code) }, unexpected: false };
  }
  return {
    status: 500,
    body: { code: HttpErrorCodes.internal, message: messageForCode(HttpErrorCodes.internal) },
    unexpected: true,
  };
}

@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: ErrorLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, unexpected } = toErrorResponse(error);
    if (unexpected) {
      body.errorId = randomUUID();
      this.logger.error({ errorId: body.errorId, err: error }, 'unhandled error');
    }
    void reply.status(status).header('cache-control', 'no-store').send(body);
  }
}
