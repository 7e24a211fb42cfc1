// What may be said about a connection URL in logs and errors: never its password.
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${user}${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return '<unparseable database url>';
  }
}

/**
 * Startup options that put every connection of a pool in `role` with the service's search_path.
 * Set at connection start, they also become the session's defaults: RESET ROLE returns to `role`.
 */
export function sessionOptions(role: string, searchPath: string[]): string {
  return `-c role=${role} -c search_path=${searchPath.join(',')}`;
}
