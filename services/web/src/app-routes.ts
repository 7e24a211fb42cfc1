/**
 * The browser app's routes (src/app/app.tsx): the paths a server answers with index.html so that a
 * reload or a shared link opens the right page. Only these: any other path is not the app's (an
 * unknown API path still gets its 404 JSON). nginx/webinar.conf.template lists the same paths
 * (checked by src/app-routes.spec.ts).
 */
export const APP_ROUTES = ['/sign-in', '/link', '/onboarding', '/admin', '/admin/:tab', '/s/:id', '/present/:id', '/campaign/:id', '/campaign-signup'] as const;
