import type { IncomingMessage } from 'node:http';
import { redactedIncomingAttributes, redactedOutgoingAttributes } from './http-span-redaction';

const TOKEN = 'Zk3qP9xWm2LcVb7RtYs4Hn';

describe('HTTP span redaction', () => {
  it('masks token-like path segments and every query value of incoming requests', () => {
    const request = { url: `/hls/${TOKEN}/index.m3u8?token=abc&lang=en` } as IncomingMessage;

    expect(redactedIncomingAttributes(request)).toEqual({
      'url.path': '/hls/[redacted]/index.m3u8',
      'url.query': 'token=REDACTED&lang=REDACTED',
    });
  });

  it('leaves url.query alone when there is none', () => {
    expect(redactedIncomingAttributes({ url: '/webinars' } as IncomingMessage)).toEqual({
      'url.path': '/webinars',
    });
  });

  it('drops the query and token segments of outgoing URLs', () => {
    expect(
      redactedOutgoingAttributes({
        protocol: 'https:',
        hostname: 'cms.internal',
        port: 8443,
        path: `/v/${TOKEN}?key=1`,
      }),
    ).toEqual({
      'url.full': 'https://cms.internal:8443/v/[redacted]',
    });
  });
});
