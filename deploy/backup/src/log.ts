/** Progress lines for the operator (stderr in the CLI). Callers pass names and numbers, never secrets. */
export type Log = (line: string) => void;

export const silent: Log = () => undefined;
