/**
 * Archive search on N documents (default 100,000): metadata and ~2–3 KB of mixed
 * Chinese and English text each, generated in SQL with generate_series (no files are
 * parsed: the text goes straight into the searchable column), then the real
 * searchDocuments service is timed for a set of queries as an admin, a manager and
 * a rep. Each engine runs in a fresh database.
 *
 *   npx tsx bench/archive-search.ts [--docs 100000] [--engines pglite,postgres] [--runs 11]
 *   BENCH_DATABASE_URL=postgres://… (default: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connect, type DbHandle } from '../src/server/db/connect';
import { migrate } from '../src/server/db/migrate';
import { searchDocuments } from '../src/server/modules/archive/archive.service';
import { searchQuery } from '../src/server/modules/archive/archive.schema';
import { loadActor } from '../src/server/platform/auth/actor-loader';
import type { Actor } from '../src/server/platform/access/actor';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

/** Words the generated texts are made of: Chinese phrases (2–6 characters) and English words. */
const VOCAB = [
  '合同', '甲方', '乙方', '供货', '交货期', '付款方式', '银行承兑汇票', '增值税专用发票', '质量保证', '违约责任', '争议解决', '不可抗力',
  '验收标准', '包装运输', '售后服务', '技术参数', '单价', '总金额', '人民币', '签字盖章', '有效期', '保密条款', '知识产权', '仲裁委员会',
  '上海', '深圳', '杭州', '北京', '成都', '华东区', '经销商', '框架协议', '补充协议', '退货', '换货', '报价', '样品', '订单确认',
  'contract', 'delivery', 'payment', 'invoice', 'warranty', 'penalty', 'shipment', 'quotation', 'agreement', 'terms', 'customer', 'supplier',
  'price', 'quantity', 'schedule', 'inspection', 'packaging', 'confidential', 'arbitration', 'renewal', 'discount', 'freight', 'order', 'return',
];
const sqlArray = `array[${VOCAB.map((w) => `'${w}'`).join(',')}]`;
const WORDS_PER_DOC = 260;

function generateSql(docs: number, ownerId: string, departmentId: string): string[] {
  return [
    `insert into file_blobs (sha256, size, store) values (repeat('0', 64), 1, 'db')`,
    `insert into files (id, sha256, name, mime, size, purpose) values ('00000000-0000-4000-8000-0000000000f1', repeat('0', 64), 'bench.txt', 'text/plain; charset=utf-8', 1, 'document')`,
    `insert into customers (id, code, name, name_key, owner_id, department_id, status)
       select gen_random_uuid(), 'BC-' || c, '客户' || c, 'kehu' || c,
         (select id from users where email = 'rep' || (1 + c % 10) || '@bench.example'), '${departmentId}', 'active'
       from generate_series(1, 1000) c`,
    // The trigram index is rebuilt after the load (faster than updating it row by row); the same definition as the migration.
    `drop index archive_documents_search_trgm`,
    `insert into archive_documents (number, title, type_code, tags, document_date, counterparty, confidentiality, owner_id, department_id, search_text, updated_at)
       select number, title, type_code, tags, document_date, counterparty, confidentiality, '${ownerId}', '${departmentId}',
         -- What the application writes (archive.repo.ts buildSearchText): metadata and text, in lower case.
         lower(concat_ws(e'\\n', number, title, counterparty, array_to_string(tags, ' '), 'bench.txt', body)), now()
       from (
         select 'DOC-B-' || lpad(i::text, 6, '0') as number,
           (array['供货合同','销售订单','退货单','报价单','Invoice','Licence','往来函件','Framework agreement'])[1 + i % 8] || ' ' || i as title,
           (array['contract','sales_order','sales_return','quotation','invoice','licence','correspondence','other'])[1 + i % 8] as type_code,
           array[(array['vip','供货','年度','export','urgent'])[1 + i % 5]] as tags,
           date '2018-01-01' + (i % 3000) as document_date,
           (array['上海华东电子有限公司','Northwind Trading','深圳海天科技','Globex Ltd','杭州金桥物流'])[1 + i % 5] as counterparty,
           case when i % 20 = 0 then 'confidential' else 'internal' end as confidentiality,
           (select string_agg(v.w[1 + ((i * 7919 + k * 104729) % ${VOCAB.length})], ' ') from generate_series(1, ${WORDS_PER_DOC}) k)
             || case when i % 997 = 0 then ' 苏州工业园区交货条款 ' else '' end
             || case when i % 1009 = 0 then ' Zephyrine clause ' else '' end as body
         from generate_series(1, ${docs}) i, (select ${sqlArray} as w) v
       ) g`,
    `create index archive_documents_search_trgm on archive_documents using gin (search_text gin_trgm_ops)`,
    `insert into archive_document_versions (document_id, version_no, file_id, extraction_status) select id, 1, '00000000-0000-4000-8000-0000000000f1', 'done' from archive_documents`,
    `insert into archive_document_links (document_id, entity_type, entity_id)
       select d.id, 'customer', c.id from (select id, row_number() over (order by id) as n from archive_documents) d
       join (select id, row_number() over (order by id) as n from customers) c on c.n = 1 + d.n % 1000
       where d.n % 2 = 0`,
    `analyze`,
  ];
}

interface QueryCase {
  name: string;
  as: 'admin' | 'manager' | 'rep';
  query: Record<string, string>;
}

const CASES: QueryCase[] = [
  { name: 'Chinese phrase, 6 chars, rare (admin)', as: 'admin', query: { q: '工业园区交货' } },
  { name: 'Chinese phrase, 6 chars, rare (manager)', as: 'manager', query: { q: '工业园区交货' } },
  { name: 'Chinese phrase, 6 chars, rare (rep)', as: 'rep', query: { q: '工业园区交货' } },
  { name: 'English word, rare (admin)', as: 'admin', query: { q: 'zephyrine' } },
  { name: 'Chinese 4 chars + type filter (manager)', as: 'manager', query: { q: '苏州工业', type: 'contract' } },
  { name: 'counterparty + date range (admin)', as: 'admin', query: { q: '海天科技', dateFrom: '2020-01-01', dateTo: '2020-12-31' } },
  { name: 'Chinese 6 chars, common (admin)', as: 'admin', query: { q: '银行承兑汇票' } },
  { name: 'English word, common (rep)', as: 'rep', query: { q: 'arbitration' } },
  { name: 'Chinese 2 chars, common, no index (admin)', as: 'admin', query: { q: '甲方' } },
  { name: 'filters only: type + tag (manager)', as: 'manager', query: { type: 'invoice', tag: 'vip' } },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function openEngine(engine: 'pglite' | 'postgres'): Promise<{ handle: DbHandle; close: () => Promise<void>; reused?: boolean }> {
  if (engine === 'postgres' && process.env.BENCH_REUSE) {
    // Re-time the queries on a database an earlier run kept (BENCH_KEEP=1), without loading again.
    const url = new URL(process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
    url.pathname = `/${process.env.BENCH_REUSE}`;
    const handle = await connect({ databaseUrl: url.toString(), poolSize: 2 });
    return { handle, close: () => handle.close(), reused: true };
  }
  if (engine === 'postgres') {
    const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `salesdesk_archive_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = await connect({ databaseUrl: url.toString(), poolSize: 2 });
    return {
      handle,
      close: async () => {
        await handle.close();
        if (process.env.BENCH_KEEP === '1') return void console.log(`kept database ${name}`);
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-archive-bench-'));
  const handle = await connect({ pgliteDir: path.join(dir, 'db'), acquireTimeoutMs: 1_800_000 });
  return { handle, close: async () => (await handle.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

async function runEngine(engine: 'pglite' | 'postgres', docs: number, runs: number) {
  const { handle, close, reused } = await openEngine(engine);
  try {
    await migrate(handle);
    if (reused) return await timeQueries(engine, handle, docs, runs, 0);
    const exec = (text: string) => handle.withRaw((raw) => raw.exec(text));
    await exec(`insert into departments (id, name) values ('00000000-0000-4000-8000-0000000000d1', 'Bench sales')`);
    const roles: [string, string][] = [['admin@bench.example', 'admin'], ['manager@bench.example', 'manager'], ...Array.from({ length: 10 }, (_, i) => [`rep${i + 1}@bench.example`, 'rep'] as [string, string])];
    for (const [email, role] of roles) {
      await exec(`with u as (insert into users (email, display_name, password_hash, department_id) values ('${email}', '${email}', 'x', ${role === 'admin' ? 'null' : "'00000000-0000-4000-8000-0000000000d1'"}) returning id)
                  insert into user_roles (user_id, role) select id, '${role}' from u`);
    }
    const ids = await handle.withRaw((raw) => raw.query<{ email: string; id: string }>(`select email, id from users where email like '%@bench.example'`));
    const idOf = (email: string) => ids.rows.find((r) => r.email === email)!.id;
    const t0 = performance.now();
    for (const statement of generateSql(docs, idOf('manager@bench.example'), '00000000-0000-4000-8000-0000000000d1')) await exec(statement);
    return await timeQueries(engine, handle, docs, runs, (performance.now() - t0) / 1000);
  } finally {
    await close();
  }
}

async function timeQueries(engine: string, handle: DbHandle, docs: number, runs: number, loadSeconds: number) {
  const ids = await handle.withRaw((raw) => raw.query<{ email: string; id: string }>(`select email, id from users where email like '%@bench.example'`));
  const idOf = (email: string) => ids.rows.find((r) => r.email === email)!.id;
  {
    const size = await handle.withRaw((raw) => raw.query<{ avg: number; total: string }>(`select avg(octet_length(search_text))::int as avg, pg_size_pretty(pg_total_relation_size('archive_documents')) as total from archive_documents`));
    const actors: Record<QueryCase['as'], Actor> = {
      admin: (await loadActor(handle.db, idOf('admin@bench.example')))!,
      manager: (await loadActor(handle.db, idOf('manager@bench.example')))!,
      rep: (await loadActor(handle.db, idOf('rep1@bench.example')))!,
    };
    const results = [];
    for (const c of CASES) {
      const q = searchQuery.parse(c.query);
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs + 1; i++) {
        const s = performance.now();
        const r = await searchDocuments(handle.db, actors[c.as], q);
        const ms = performance.now() - s;
        if (i > 0) times.push(ms); // the first run warms the cache
        total = r.total;
      }
      results.push({ name: c.name, total, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) });
      console.log(`${engine.padEnd(8)} ${c.name.padEnd(45)} hits ${String(total).padStart(6)}  median ${median(times).toFixed(1).padStart(8)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
    }
    const overall = median(results.map((r) => r.medianMs));
    console.log(`${engine.padEnd(8)} load ${loadSeconds.toFixed(1)} s, avg text ${size.rows[0].avg} bytes, table ${size.rows[0].total}; median of the query medians ${overall.toFixed(1)} ms`);
    return { engine, docs, loadSeconds, avgTextBytes: size.rows[0].avg, tableSize: size.rows[0].total, overallMedianMs: overall, results };
  }
}

async function main() {
  const docs = Number(arg('docs', '100000'));
  const runs = Number(arg('runs', '11'));
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const out = [];
  for (const engine of arg('engines', 'pglite,postgres').split(',') as ('pglite' | 'postgres')[]) out.push(await runEngine(engine, docs, runs));
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'data');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `archive-search-${docs}.json`), JSON.stringify({ at: new Date().toISOString(), loadAverage: os.loadavg(), results: out }, null, 2));
}

await main();
