import { z } from 'zod';
import { col, parseFirstRow, parseRows, UnexpectedRowShape } from './rows';

const sessionRow = z.object({ id: col.id, n: col.int, at: col.time, gone: col.time.nullable() });

describe('parseRows', () => {
  it('answers the rows typed, timestamps as dates whether the driver gave a Date or a string', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const rows = parseRows('q', sessionRow, [
      { id: 'a', n: 1, at, gone: null },
      { id: 'b', n: 2, at: '2026-01-02T03:04:05.000Z', gone: at },
    ]);
    expect(rows).toEqual([
      { id: 'a', n: 1, at, gone: null },
      { id: 'b', n: 2, at, gone: at },
    ]);
  });

  it('refuses a row whose column is missing or of another type, naming the query and column, not the value', () => {
    let error: unknown;
    try {
      parseRows('sessions.touchLive', sessionRow, [{ id: 'secret-hash-value', n: '1', at: new Date(), gone: null }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnexpectedRowShape);
    const message = (error as Error).message;
    expect(message).toContain('sessions.touchLive');
    expect(message).toContain('0.n');
    expect(message).not.toContain('secret-hash-value');
  });

  it('refuses a result that is not a list of rows (a bare UPDATE answers [rows, count])', () => {
    expect(() => parseRows('q', sessionRow, [[], 0])).toThrow(UnexpectedRowShape);
    expect(() => parseRows('q', sessionRow, undefined)).toThrow(UnexpectedRowShape);
  });
});

describe('parseFirstRow', () => {
  it('answers the first row, or undefined for none', () => {
    const row = z.object({ id: col.id });
    expect(parseFirstRow('q', row, [{ id: 'x' }, { id: 'y' }])).toEqual({ id: 'x' });
    expect(parseFirstRow('q', row, [])).toBeUndefined();
  });
});
