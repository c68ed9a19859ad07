/**
 * The part every benchmark server process shares: answers the orchestrator's probes over IPC
 * (CPU time, RSS and its peak), inspections of the server's documents, and shutdown.
 */
import type { FromServer, InspectResult, ProbeResult, ServerRequest, ToServer } from '../shared';

export interface BenchServer {
  /** http:// base URL; clients derive ws:// from it. */
  url: string;
  openDocs(): number;
  inspect(rooms: string[], fromDisk: boolean): Promise<InspectResult>;
  /** Makes policies of generated sections (Accord only); returns their ids. */
  createPolicies?(count: number, sections: number, createdBy: { id: string; name: string }): string[];
  /** Drops documents nobody is connected to (what the server would do with persistence). */
  cleanup?(): void;
  close(): Promise<void>;
}

const warnings: string[] = [];
let warningCount = 0;

/** Counts a warning or error the server logged (the orchestrator reports them). */
export function recordWarning(line: string): void {
  warningCount++;
  warnings.push(line.slice(0, 300));
  if (warnings.length > 5) warnings.shift();
}

/** Starts the server, then serves the orchestrator's requests until told to shut down. */
export async function serveBench(start: () => Promise<BenchServer>): Promise<void> {
  const send = (message: FromServer) => process.send?.(message);
  // Without the orchestrator there is nobody to stop us: never outlive it.
  process.on('disconnect', () => process.exit(1));
  process.on('uncaughtException', (error) => recordWarning(`uncaught: ${error.message}`));

  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 200);
  sampler.unref();

  let server: BenchServer;
  try {
    server = await start();
  } catch (error) {
    send({ type: 'failed', error: (error as Error).stack ?? String(error) });
    process.exit(1);
  }

  const handle = async (request: ServerRequest): Promise<unknown> => {
    switch (request.kind) {
      case 'probe': {
        const rss = process.memoryUsage.rss();
        peakRss = Math.max(peakRss, rss);
        const cpu = process.cpuUsage();
        const result: ProbeResult = {
          cpuMicros: cpu.user + cpu.system,
          systemMicros: cpu.system,
          rss,
          peakRss,
          openDocs: server.openDocs(),
          warnings: warningCount,
          lastWarnings: [...warnings],
        };
        if (request.resetPeak) {
          // Start the next measurement from a collected heap, the same for every server.
          (globalThis as { gc?: () => void }).gc?.();
          peakRss = process.memoryUsage.rss();
        }
        return result;
      }
      case 'createPolicies':
        if (!server.createPolicies) throw new Error('this server makes no policies');
        return server.createPolicies(request.count, request.sections, request.createdBy);
      case 'inspect':
        return server.inspect(request.rooms, request.fromDisk ?? false);
      case 'cleanup':
        server.cleanup?.();
        (globalThis as { gc?: () => void }).gc?.();
        return null;
    }
  };

  process.on('message', (message: ToServer) => {
    if (message.type === 'shutdown') {
      const force = setTimeout(() => process.exit(0), 5000);
      server.close().finally(() => {
        clearTimeout(force);
        process.exit(0);
      });
      return;
    }
    handle(message.request).then(
      (result) => send({ type: 'response', id: message.id, result }),
      (error: Error) => send({ type: 'response', id: message.id, error: error.message }),
    );
  });
  send({ type: 'ready', url: server.url, pid: process.pid });
}
