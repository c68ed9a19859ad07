import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  /** Waits for the process to exit and returns its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGKILL, like a crash; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, a graceful shutdown; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ChildServerOptions {
  /** Listen on this port (so clients can reconnect to the same URL after a restart); a free one by default. */
  port?: number;
  /** How long to wait for "Accord is running" (ms). */
  startTimeoutMs?: number;
}

/**
 * A TCP port nobody listens on right now, for a child server that must keep its URL across
 * restarts. Picked below the kernel's ephemeral range, so no other test's `listen(0)` or
 * outgoing connection takes it while the server is down between restarts.
 */
export async function freePort(): Promise<number> {
  let low = 32768;
  try {
    low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    // not Linux: the default range starts higher still
  }
  const floor = 10_000;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = floor + Math.floor(Math.random() * Math.max(1, low - floor));
    if (await isFree(port)) return port;
  }
  throw new Error('no free port found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function spawnServer(dataDir: string, env: Record<string, string>, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ACCORD_DATA: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * Runs `server/main.ts` in its own process, the way `npm start` does, so it can be
 * killed with SIGKILL like a real crash.
 */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}, options: ChildServerOptions = {}): Promise<ChildServer> {
  const { child, output, exited } = spawnServer(dataDir, env, options.port ?? 0);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output()}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = () => {
      const match = /Accord is running at (http:\/\/\S+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { url, port: Number(new URL(url).port), process: child, output, exited, kill, stop };
}

/** Runs the server where it is expected not to start; resolves with its exit code and output. */
export async function runChildServerToExit(dataDir: string, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const { child, output, exited } = spawnServer(dataDir, env, 0);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}
