import { BadRequestException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { toErrorResponse } from './exception-filter';

describe('toErrorResponse', () => {
  it('keeps a domain error code, status and message', () => {
    const sut = toErrorResponse(new AppError('COMPANY.NOT_FOUND', 404, 'No such company.'));
    expect(sut).toEqual({ status: 404, body: { code: 'COMPANY.NOT_FOUND', message: 'No such company.' }, unexpected: false });
  });

  it('gives framework 4xx errors a stable code and a generic message', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /secret/path')).body).toEqual({
      code: 'ROUTE.NOT_FOUND',
      message: 'Not found.',
    });
    expect(toErrorResponse(new ForbiddenException()).body.code).toBe('AUTH.FORBIDDEN');
  });

  it('keeps a code and validation issues carried by an HttpException', () => {
    const error = new BadRequestException({ code: 'REQUEST.INVALID', message: 'bad', issues: [{ path: 'body.name', message: 'Required' }] });
    expect(toErrorResponse(error).body).toEqual({ code: 'REQUEST.INVALID', message: 'bad', issues: [{ path: 'body.name', message: 'Required' }] });
  });

  it('maps Fastify client errors (bad JSON, too large) by their status code', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toErrorResponse(tooLarge)).toMatchObject({ status: 413, body: { code: 'REQUEST.TOO_LARGE' } });
  });

  it('hides everything about an unexpected error', () => {
    const sut = toErrorResponse(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    expect(sut.status).toBe(500);
    expect(sut.unexpected).toBe(true);
    expect(JSON.stringify(sut.body)).not.toMatch(/ECONNREFUSED|hunter2|5432/);
  });

  it('treats a 5xx HttpException other than 503 as unexpected', () => {
    expect(toErrorResponse(new HttpException('db down', 502)).status).toBe(500);
    expect(toErrorResponse(new HttpException({ code: 'SERVICE.UNAVAILABLE', message: 'later' }, 503))).toMatchObject({
      status: 503,
      body: { code: 'SERVICE.UNAVAILABLE' },
    });
  });
});
