import { compareState, type DatabaseState } from './manifest';

const base: DatabaseState = {
  tables: [
    { schema: 'cms', table: 'companies', rows: 3, checksum: 'sum64x2:1:2' },
    { schema: 'auth', table: 'users', rows: 5, checksum: 'sum64x2:3:4' },
  ],
  sequences: [{ schema: 'cms', sequence: 'audit_seq', lastValue: '7' }],
};

describe('compareState', () => {
  it('finds no difference between equal states, whatever their order', () => {
    const reordered: DatabaseState = { tables: [...base.tables].reverse(), sequences: [...base.sequences] };

    expect(compareState(base, reordered)).toEqual([]);
  });

  it('reports other counts, other checksums, missing and extra tables and other sequence values', () => {
    const actual: DatabaseState = {
      tables: [
        { schema: 'cms', table: 'companies', rows: 2, checksum: 'sum64x2:1:2' },
        { schema: 'cms', table: 'extra', rows: 0, checksum: 'sum64x2:0:0' },
      ],
      sequences: [{ schema: 'cms', sequence: 'audit_seq', lastValue: null }],
    };

    expect(compareState(base, actual)).toEqual([
      { object: 'table cms.companies', expected: 'rows=3 checksum=sum64x2:1:2', actual: 'rows=2 checksum=sum64x2:1:2' },
      { object: 'table auth.users', expected: 'rows=5 checksum=sum64x2:3:4', actual: 'missing' },
      { object: 'table cms.extra', expected: 'absent', actual: 'rows=0 checksum=sum64x2:0:0' },
      { object: 'sequence cms.audit_seq', expected: 'last_value=7', actual: 'last_value=unset' },
    ]);
  });

  it('reports a checksum difference when the counts agree', () => {
    const actual: DatabaseState = { ...base, tables: [base.tables[0]!, { ...base.tables[1]!, checksum: 'sum64x2:3:5' }] };

    expect(compareState(base, actual)).toEqual([
      { object: 'table auth.users', expected: 'rows=5 checksum=sum64x2:3:4', actual: 'rows=5 checksum=sum64x2:3:5' },
    ]);
  });
});
