/** Runs the CLI in-process with captured output. */
import { PassThrough, Readable } from 'node:stream';
import { run } from '../../hosts/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const stdin = Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []);
  const code = await run(args, { stdout, stderr, stdin, cwd: options.cwd ?? process.cwd() });
  return { code, stdout: out, stderr: err };
}
