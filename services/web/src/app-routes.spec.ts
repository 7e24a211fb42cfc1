import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROUTES } from './app-routes';

// nginx's template answers the app's routes with index.html through one regex; it must accept every
// route of APP_ROUTES (with a sample parameter) and nothing of the API.
describe('APP_ROUTES and nginx', () => {
  const template = readFileSync(join(__dirname, '../../../nginx/webinar.conf.template'), 'utf8');
  const pattern = /location ~ "(\^\/\(sign-in[^"]+)" \{\s*rewrite \^ \/index\.html last;/.exec(template)?.[1];

  it('lists every app route in the nginx fallback, and no API path', () => {
    expect(pattern).toBeDefined();
    const re = new RegExp(pattern!);
    for (const route of APP_ROUTES) expect({ route, served: re.test(route.replace(/:[a-z]+/g, 'x1')) }).toEqual({ route, served: true });
    for (const path of ['/auth/link', '/cms/seminars', '/s', '/s/a/b', '/index.html', '/nope']) expect({ path, served: re.test(path) }).toEqual({ path, served: false });
  });
});
