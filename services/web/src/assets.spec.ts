import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webAssetsDir } from './index';

describe('web assets', () => {
  it('ship an index page that loads nothing from a third party', () => {
    const html = readFileSync(join(webAssetsDir, 'index.html'), 'utf8');
    expect(existsSync(webAssetsDir)).toBe(true);
    expect(html).not.toMatch(/(src|href)=["']https?:\/\//);
  });
});
