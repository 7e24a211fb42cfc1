import { csvList, durationSeconds, host, port, url } from './fields';

describe('field builders', () => {
  it('accepts protocols written as "amqp", "amqp:" or "amqp://"', () => {
    for (const protocols of [['amqps'], ['amqps:'], ['amqps://']]) {
      const sut = url(protocols);

      expect(sut.safeParse('amqps://bus.internal:5671').success).toBe(true);
      expect(sut.safeParse('amqp://bus.internal:5672').success).toBe(false);
    }
  });

  it('rejects text that is not a URL at all', () => {
    expect(url(['http']).safeParse('not a url').success).toBe(false);
  });

  it('bounds ports to 0..65535 whole numbers', () => {
    const sut = port(80);

    expect(sut.parse('0')).toBe(0);
    expect(sut.parse('65535')).toBe(65_535);
    expect(sut.safeParse('65536').success).toBe(false);
    expect(sut.safeParse('80.5').success).toBe(false);
    expect(sut.safeParse('-1').success).toBe(false);
  });

  it('accepts IPv4, IPv6 and hostnames but not URLs or spaces', () => {
    const sut = host();

    expect(sut.parse(undefined)).toBe('127.0.0.1');
    for (const ok of ['0.0.0.0', '::1', 'db.internal', 'rabbitmq'])
      expect(sut.safeParse(ok).success).toBe(true);
    for (const bad of ['http://db', 'db internal', '-db', '']) expect(sut.safeParse(bad).success).toBe(false);
  });

  it('requires durations of at least one second and at most max', () => {
    const sut = durationSeconds(30, { max: 60 });

    expect(sut.parse(undefined)).toBe(30);
    expect(sut.safeParse('0').success).toBe(false);
    expect(sut.safeParse('61').success).toBe(false);
    expect(durationSeconds(30).parse('1000000')).toBe(1_000_000);
  });

  it('uses the given default list when unset', () => {
    expect(csvList(['a', 'b']).parse(undefined)).toEqual(['a', 'b']);
  });
});
