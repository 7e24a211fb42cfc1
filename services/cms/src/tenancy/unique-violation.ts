/** PostgreSQL's unique_violation, as surfaced by pg through TypeORM. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const direct = (error as { code?: unknown }).code;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return direct === '23505' || driver === '23505';
}
