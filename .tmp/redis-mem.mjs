import { spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
const extra = process.argv.slice(2);
const port = 6391;
const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
await new Promise(r => setTimeout(r, 300));
const conn = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
const r = new Redis(conn);
const used = async () => Number(/used_memory:(\d+)/.exec(await r.info('memory'))[1]);
const N = 20000;
async function trial(label, makeJob) {
  await r.flushall();
  const q = new Queue('reminders', { connection: conn, prefix: 'th' });
  await q.waitUntilReady();
  const before = await used();
  for (let i = 0; i < N; i += 1000) await q.addBulk(Array.from({ length: 1000 }, (_, k) => makeJob(i + k)));
  const after = await used();
  console.log(label, ((after - before) / N).toFixed(0), 'B/job');
  await q.close();
}
const fire = Date.now() + 86400e3;
const full = (i) => { const b = randomUUID(); return { name: 'send', data: { trainerId: randomUUID(), bookingId: b, leadMinutes: 1440, scheduleVersion: 0, startTime: new Date(fire + 864e5).toISOString(), fireAt: new Date(fire).toISOString() }, opts: { attempts: 6, backoff: { type: 'exponential', delay: 30000 }, removeOnComplete: { age: 604800, count: 10000 }, removeOnFail: { age: 2592000 }, jobId: `reminder:${b}:1440:v0`, delay: 86400e3 + i } }; };
const slim = (i) => { const b = randomUUID(); return { name: 'send', data: { bookingId: b, leadMinutes: 1440, scheduleVersion: 0, startTime: new Date(fire + 864e5).toISOString() }, opts: { attempts: 6, backoff: { type: 'exponential', delay: 30000 }, jobId: `r:${b}:1440:0`, delay: 86400e3 + i } }; };
await trial('full', full);
await trial('slim', slim);
r.disconnect(); child.kill('SIGKILL');
