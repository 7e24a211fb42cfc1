import { UnauthenticatedConnections } from './connection-budget';

describe('UnauthenticatedConnections', () => {
  it('admits up to the per-address and the total limit, and a released slot is free again (once)', () => {
    const sut = new UnauthenticatedConnections(2, 3);
    const a1 = sut.admit('a');
    const a2 = sut.admit('a');
    expect(a1.admitted && a2.admitted).toBe(true);
    expect(sut.admit('a')).toEqual({ admitted: false, reason: 'too many unauthenticated connections from this address' });
    expect(sut.admit('b').admitted).toBe(true);
    expect(sut.admit('c')).toEqual({ admitted: false, reason: 'too many unauthenticated connections' });
    if (!a1.admitted) throw new Error('unreachable');
    a1.release();
    a1.release();
    expect(sut.size).toBe(2);
    expect(sut.admit('a').admitted).toBe(true);
    expect(sut.admit('c').admitted).toBe(false);
  });
});
