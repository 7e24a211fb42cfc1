// pg_dump and pg_restore as child processes. Their stderr is kept (the last few KB) for the error
// message: it names objects and SQL states, never row content or the password (which travels in
// PGPASSWORD, see connection.ts).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const STDERR_KEEP = 8 * 1024;

export async function toolVersion(binary: string): Promise<string> {
  const { stdout } = await run(binary, ['--version']);
  return stdout.trim();
}

export interface RunningTool {
  child: ChildProcess;
  /** Resolves with the exit code and the tail of stderr once the process has ended. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startTool(binary: string, args: string[], env: Record<string, string>): RunningTool {
  const child = spawn(binary, args, {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEEP);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, stderr: `${stderr}${error.message}` }));
    child.once('close', (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
  return { child, done };
}

export function describeExit(result: { code: number | null; signal: NodeJS.Signals | null; stderr: string }): string {
  const how = result.signal ? `was killed by ${result.signal}` : result.code === null ? 'could not start' : `exited with ${result.code}`;
  return result.stderr ? `${how}: ${result.stderr}` : how;
}
