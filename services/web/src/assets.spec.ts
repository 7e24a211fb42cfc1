import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webAssetsDir } from './index';

// The built assets (the test target builds the project first).
const read = (file: string): string => readFileSync(join(webAssetsDir, file), 'utf8');
const pages = (): string[] => readdirSync(webAssetsDir).filter((f) => f.endsWith('.html'));

describe('web assets', () => {
  it('ship an index page and the viewer page', () => {
    expect(existsSync(webAssetsDir)).toBe(true);
    expect(pages()).toEqual(expect.arrayContaining(['index.html', 'watch.html']));
  });

  it('load nothing from a third party and run no inline script (CSP default-src self)', () => {
    for (const page of pages()) {
      const html = read(page);
      expect({ page, external: html.match(/(src|href)=["'](https?:)?\/\//g) }).toEqual({ page, external: null });
      // Every <script> has a same-origin src and no body.
      for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
        expect(tag).toMatch(/^<script (type="module" )?src="\/?[a-z0-9/-]+\.js"( defer)?><\/script>$/);
      }
      expect(html).not.toMatch(/<style\b|\sstyle=/i); // no inline style either
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
    }
  });

  it('bundle the viewer script with its players and without eval', () => {
    const bundle = read('watch.js');
    expect(bundle.length).toBeGreaterThan(50_000); // mpegts.js and hls.js are inside, not fetched
    expect(bundle).not.toMatch(/\beval\(/);
    expect(read('watch.html')).toContain('<script src="watch.js" defer></script>');
  });

  it('load the app shell from the index page, with the room\'s players in a chunk of their own', () => {
    expect(read('index.html')).toContain('<script type="module" src="/app/main.js"></script>');
    const main = read('app/main.js');
    expect(main).toContain('/auth/login-links');
    // The console's code carries no player: mpegts.js and hls.js live only in the room's chunk.
    expect(main).not.toMatch(/mpegts|Hls\.isSupported/);
    const chunks = readdirSync(join(webAssetsDir, 'app', 'chunks')).filter((f) => f.endsWith('.js'));
    expect(chunks.some((f) => f.startsWith('room-player-') && /mpegts/i.test(read(`app/chunks/${f}`)))).toBe(true);
  });
});
