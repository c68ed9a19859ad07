/**
 * The load process. For each step the orchestrator sends, it opens N headless clients (10 per
 * room) against one server, has each insert a unique marker at a steady rate, and measures when
 * every marker arrives at every other client of its room. The clients run in worker threads of
 * this process (loadWorker.ts), whole rooms per thread; this thread signs in to Accord, probes
 * the server at the start and end of the edit window, and puts the figures together.
 */
import http from 'node:http';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { blankPolicyJSON, buildPolicyUpdate } from '../server/services/policyDocuments';
import { ORGANIZATION, policyJSON, TEMPLATE_ID, templatePolicyJSON } from './content';
import { createPolicy, signUpAdmin, signUpInvited, type Session } from '../test/support/session';
import {
  foreignCores,
  LARGE_POLICY_SECTIONS,
  readCpuTicks,
  type FromLoad,
  type InspectResult,
  type ProbeResult,
  type ServerRequest,
  type StepResult,
  type StepTask,
  type ToLoad,
} from './shared';
import { Samples } from './stats';
import type { FromWorker, ToWorker } from './loadWorker';

const THREADS = Math.max(1, Number(process.env.BENCH_LOAD_THREADS ?? Math.min(2, os.cpus().length)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (message: FromLoad) => process.send?.(message);

// ---- requests to the server processes, relayed by the orchestrator ----------------------

let nextRequestId = 1;
const pendingRequests = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function serverRequest<T>(task: StepTask, request: ServerRequest, timeoutMs = 60_000): Promise<T> {
  const id = nextRequestId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      pendingRequests.delete(id);
      reject(new Error(`${task.server} did not answer ${request.kind}`));
    }, timeoutMs);
    pendingRequests.set(id, {
      resolve: (value) => {
        clearTimeout(timer);
        resolve(value as T);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
    send({ type: 'serverRequest', id, server: task.server, request });
  });
}

// ---- worker threads ------------------------------------------------------------------------

/** Worker threads do not inherit tsx's loader in Node 20: each one registers it before loading the worker. */
function startWorker(): Worker {
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./loadWorker.ts', import.meta.url).href)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
  worker.on('error', (error) => {
    console.error(`load thread failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
  return worker;
}

const workers = Array.from({ length: THREADS }, startWorker);

/** Sends one command to every worker and waits for each one's answer of the expected type. */
function command<T extends FromWorker['type']>(commands: ToWorker[], expected: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>[]> {
  return Promise.all(
    workers.map(
      (worker, index) =>
        new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
          const timer = setTimeout(() => {
            worker.off('message', onMessage);
            reject(new Error(`load thread ${index} did not answer ${commands[index]!.type} within ${Math.round(timeoutMs / 1000)} s`));
          }, timeoutMs);
          const onMessage = (message: FromWorker) => {
            if (message.type !== expected && message.type !== 'error') return;
            clearTimeout(timer);
            worker.off('message', onMessage);
            if (message.type === 'error') reject(new Error(message.error));
            else resolve(message as Extract<FromWorker, { type: T }>);
          };
          worker.on('message', onMessage);
          worker.postMessage(commands[index]!);
        }),
    ),
  );
}

const toAll = (message: ToWorker) => workers.map(() => message);

// ---- the starting document ----------------------------------------------------------------

const TITLE = 'Bench policy';

/** The Yjs state peers' rooms start from, built by Accord's own code from the same JSON Accord's rooms start from. */
function seedFor(doc: StepTask['doc']): Uint8Array {
  if (doc === 'blank') return buildPolicyUpdate(blankPolicyJSON(TITLE));
  if (doc === 'large') return buildPolicyUpdate(policyJSON(TITLE, LARGE_POLICY_SECTIONS));
  return buildPolicyUpdate(templatePolicyJSON(TITLE));
}

// ---- Accord: accounts and policies -------------------------------------------------------

/** A handful of sessions, made once: scrypt is deliberately slow, so nobody signs in 1000 times. */
let accordSessions: Session[] | null = null;

async function prepareAccord(task: StepTask, roomCount: number): Promise<string[]> {
  if (!accordSessions) {
    const admin = await signUpAdmin(task.url);
    const editors: Session[] = [];
    for (const department of ['legal', 'hr', 'it'] as const) editors.push(await signUpInvited(task.url, admin, department));
    accordSessions = [admin, ...editors];
  }
  const admin = accordSessions[0]!;
  if (task.doc === 'large') {
    return serverRequest<string[]>(task, { kind: 'createPolicies', count: roomCount, sections: LARGE_POLICY_SECTIONS, createdBy: { id: admin.user.id, name: admin.user.name } }, 120_000);
  }
  const ids: string[] = new Array(roomCount);
  for (let start = 0; start < roomCount; start += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, roomCount - start) }, async (_, offset) => {
        ids[start + offset] = await createPolicy(
          task.url,
          admin,
          task.doc === 'template' ? { title: TITLE, templateId: TEMPLATE_ID, organization: ORGANIZATION } : { title: TITLE },
        );
      }),
    );
  }
  return ids;
}

/**
 * Event streams like the editor page's EventSource, kept open and read to the end; returns a
 * function that closes them. Each stream that fails or ends early counts as a connection error.
 */
function openWatchers(task: StepTask, policyIds: string[], onError: () => void): () => void {
  const requests: http.ClientRequest[] = [];
  let closing = false;
  for (const id of policyIds) {
    for (let index = 0; index < task.watchersPerRoom; index++) {
      const request = http.get(`${task.url}/api/policies/${id}/events`, { headers: { Cookie: accordSessions![index % accordSessions!.length]!.cookie, Accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) onError();
        response.on('data', () => {});
        response.on('end', () => !closing && onError());
      });
      request.on('error', () => !closing && onError());
      requests.push(request);
    }
  }
  return () => {
    closing = true;
    for (const request of requests) request.destroy();
  };
}

// ---- one step ----------------------------------------------------------------------------

async function runStep(task: StepTask): Promise<StepResult> {
  const notes: string[] = [];
  const roomCount = Math.ceil(task.clients / task.clientsPerRoom);
  const names =
    task.server === 'accord' ? await prepareAccord(task, roomCount) : Array.from({ length: roomCount }, (_, index) => `${task.roomPrefix}-room${index}`);
  const seed = seedFor(task.doc);
  const probeStart = await serverRequest<ProbeResult>(task, { kind: 'probe', resetPeak: true });

  // Whole rooms per thread, dealt round-robin.
  const connectCommands: ToWorker[] = workers.map((_, thread) => ({
    type: 'connect',
    server: task.server,
    url: task.url,
    cookies: accordSessions && task.server === 'accord' ? accordSessions.map((session) => session.cookie) : null,
    seed,
    rooms: names
      .map((name, index) => ({ name, firstClient: index * task.clientsPerRoom, clients: Math.min(task.clientsPerRoom, task.clients - index * task.clientsPerRoom) }))
      .filter((_, index) => index % workers.length === thread),
  }));
  const connectStarted = performance.now();
  let connectionErrors = 0;
  let watcherErrors = 0;
  const closeWatchers = task.server === 'accord' && task.watchersPerRoom > 0 ? openWatchers(task, names, () => watcherErrors++) : () => {};
  try {
    const connected = await command(connectCommands, 'connected', 180_000);
    const failed = connected.reduce((sum, answer) => sum + answer.failed, 0);
    if (failed) notes.push(`${failed} clients never became ready`);
    const connectMs = performance.now() - connectStarted;
    await sleep(500);

    const probeBefore = await serverRequest<ProbeResult>(task, { kind: 'probe' });
    const loadCpuBefore = process.cpuUsage();
    const ticksBefore = readCpuTicks(task.benchPids);
    const drained = await command(toAll({ type: 'edit', seconds: task.seconds, rate: task.rate }), 'drained', (task.seconds + 60) * 1000);
    const ticksAfter = readCpuTicks(task.benchPids);
    const probeAfter = await serverRequest<ProbeResult>(task, { kind: 'probe' });
    const loadCpu = process.cpuUsage(loadCpuBefore);

    const latency = new Samples();
    const latencyToAll = new Samples();
    for (const answer of drained) {
      latency.pushAll(answer.latency);
      latencyToAll.pushAll(answer.latencyToAll);
    }
    const editsSent = drained.reduce((sum, answer) => sum + answer.editsSent, 0);
    const editsDelivered = drained.reduce((sum, answer) => sum + answer.editsDelivered, 0);
    const editWindowMs = Math.max(...drained.map((answer) => answer.editWindowMs));
    if (editsDelivered < editsSent) notes.push(`${editsSent - editsDelivered} edits had not reached every client 15 s after the last edit`);

    // Convergence at the clients, then in the server's own document.
    const verified = await command(toAll({ type: 'verify' }), 'verified', 120_000);
    const sent: Record<string, string[]> = Object.assign({}, ...verified.map((answer) => answer.sent));
    const countMissing = (inspected: InspectResult) => {
      let missing = 0;
      for (const name of names) {
        const present = new Set(inspected.rooms[name]?.markers ?? []);
        for (const id of sent[name] ?? []) if (!present.has(id)) missing++;
      }
      return missing;
    };
    const missingAtServer = countMissing(await serverRequest<InspectResult>(task, { kind: 'inspect', rooms: names }));

    const closed = await command(toAll({ type: 'close' }), 'closed', 60_000);
    closeWatchers();
    connectionErrors = closed.reduce((sum, answer) => sum + answer.connectionErrors, 0) + watcherErrors;
    if (watcherErrors) notes.push(`${watcherErrors} event streams failed`);
    let missingOnDisk: number | null = null;
    if (task.server === 'accord') {
      // Accord only: the policies as stored, read back from SQLite once the rooms have unloaded.
      const stored = await serverRequest<InspectResult>(task, { kind: 'inspect', rooms: names, fromDisk: true }, 120_000);
      missingOnDisk = countMissing(stored);
      const notFromDisk = Object.values(stored.rooms).filter((room) => room && !room.fromDisk).length;
      if (notFromDisk) notes.push(`${notFromDisk} rooms were still open when re-read (not from disk)`);
    } else {
      await sleep(500);
      await serverRequest(task, { kind: 'cleanup' });
    }
    const warnings = probeAfter.warnings - probeStart.warnings;
    if (warnings > 0) notes.push(`server logged ${warnings} warnings, last: ${probeAfter.lastWarnings.at(-1) ?? ''}`);

    const serverCpuMicros = probeAfter.cpuMicros - probeBefore.cpuMicros;
    return {
      server: task.server,
      clients: task.clients,
      round: task.round,
      seconds: task.seconds,
      rate: task.rate,
      rooms: roomCount,
      connectionErrors,
      connectMs,
      editsSent,
      editsDelivered,
      deliveredPerSecond: editsDelivered / (editWindowMs / 1000),
      latency: latency.summary(),
      latencyToAll: latencyToAll.summary(),
      serverCpuMs: serverCpuMicros / 1000,
      serverCpuMicrosPerEdit: editsDelivered ? serverCpuMicros / editsDelivered : NaN,
      serverSystemMicrosPerEdit: editsDelivered ? (probeAfter.systemMicros - probeBefore.systemMicros) / editsDelivered : NaN,
      serverPeakRssMb: probeAfter.peakRss / 1024 / 1024,
      loadCpuMs: (loadCpu.user + loadCpu.system) / 1000,
      loadThreads: workers.length,
      loadLoopDelayP99Ms: Math.max(...drained.map((answer) => answer.loopDelayP99Ms)),
      foreignCores: foreignCores(ticksBefore, ticksAfter),
      missingAtClients: verified.reduce((sum, answer) => sum + answer.missingAtClients, 0),
      divergedClients: verified.reduce((sum, answer) => sum + answer.divergedClients, 0),
      missingAtServer,
      missingOnDisk,
      serverWarnings: warnings,
      notes,
    };
  } catch (error) {
    closeWatchers();
    // Leave no client behind for the next step.
    await command(toAll({ type: 'close' }), 'closed', 30_000).catch(() => {});
    throw error;
  }
}

// ---- the orchestrator's messages ------------------------------------------------------------

process.on('disconnect', () => process.exit(1));
process.on('message', (message: ToLoad) => {
  switch (message.type) {
    case 'serverResponse': {
      const pending = pendingRequests.get(message.id);
      pendingRequests.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result);
      break;
    }
    case 'step':
      runStep(message.task).then(
        (result) => send({ type: 'stepResult', result }),
        (error: Error) => send({ type: 'stepFailed', error: error.stack ?? error.message }),
      );
      break;
    case 'exit':
      Promise.all(workers.map((worker) => worker.terminate())).finally(() => process.exit(0));
  }
});
send({ type: 'ready' });
