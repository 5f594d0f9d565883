import 'reflect-metadata';
import pg from 'pg';
const { kyselyHost } = await import('/work/main/dist/bench/comparators/app-reads.js');
const { AnalyticsReportsRepository } = await import('/work/main/dist/src/modules/analytics/analytics-reports.repository.js');
const { AnalyticsReportsService } = await import('/work/main/dist/src/modules/analytics/analytics-reports.service.js');
const db = process.argv[2] ?? 'trainerhub_bench_small';
const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}`, max: 2 });
const repo = new AnalyticsReportsRepository(kyselyHost(pool));
const svc = new AnalyticsReportsService(repo);
const { rows } = await pool.query(`select t.id, t.time_zone, t.currency from trainers t join users u on u.id=t.user_id where u.email='studio@bench.trainerhub.test'`);
const actor = { userId: 'x', trainerId: rows[0].id, role: 'trainer', timeZone: rows[0].time_zone, currency: rows[0].currency, locale: 'en-GB', kind: 'user' };
const today = new Date().toISOString().slice(0,10);
const from = new Date(Date.now()-89*864e5).toISOString().slice(0,10);
const scope = svc.scopeOf(actor, { from, to: today, granularity: 'week' });
for (let round=0; round<2; round++) for (const m of ['totals','series','retention','heatmap','topClients','packageSales','creditLiability']) {
  const t=performance.now(); await repo[m](scope, m==='retention'?today:new Date()); console.log(round, m, (performance.now()-t).toFixed(1),'ms');
}
await pool.end();
