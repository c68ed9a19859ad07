// Measures how long an edit takes from one y-websocket client to another through Accord on
// loopback: `npx tsx scripts/measureLatency.ts [count]`. Prints median, p99 and max in ms.
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../test/support/accordServer';
import { connectClient, synced, typeInFirstSection } from '../test/support/collabClient';
import { createPolicy, signUpAdmin } from '../test/support/session';

const count = Number(process.argv[2] ?? 1000);
const server = await startTestServer();
const admin = await signUpAdmin(server.url);
const policyId = await createPolicy(server.url, admin);
const sender = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
const receiver = connectClient(server.url, policyId, { headers: { cookie: admin.cookie } });
await Promise.all([synced(sender), synced(receiver)]);

const samples: number[] = [];
for (let index = 0; index < count; index += 1) {
  const arrived = new Promise<void>((resolve) => receiver.doc.once('update', () => resolve()));
  const start = performance.now();
  typeInFirstSection(sender.doc, 'x');
  await arrived;
  samples.push(performance.now() - start);
  await new Promise((resolve) => setTimeout(resolve, 2));
}
samples.sort((a, b) => a - b);
const at = (quantile: number) => samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))]!.toFixed(2);
console.log(`${count} updates, client to client through Accord (persisted before relay): median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${samples[samples.length - 1]!.toFixed(2)} ms`);
sender.destroy();
receiver.destroy();
await server.close();
