import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { SystemContext } from '../platform/access/actor';
import { recordAudit } from '../platform/audit/audit.service';
import { createRng, type Rng } from './rng';

/**
 * The demo catalogue and territories: a three-level category tree (~25 categories),
 * 300 products with Chinese and English names, a default CNY price list with
 * quantity breaks (plus a dealer list and a USD export list), and the eight sales
 * regions of China with the twelve demo reps. Seeded (same rows on every machine)
 * and written with a few multi-row inserts in one transaction.
 */

interface Leaf {
  code: string;
  zh: string;
  en: string;
  unit: string;
  /** List price range in yuan (whole units). */
  price: [number, number];
  /** Name stems [zh, en] and the specs that vary. */
  stems: [string, string][];
  specs: string[];
}

interface Node {
  code: string;
  zh: string;
  en: string;
  children?: Node[];
  leaf?: Omit<Leaf, 'code' | 'zh' | 'en'>;
}

const TREE: Node[] = [
  {
    code: 'EC',
    zh: '电子元器件',
    en: 'Electronic components',
    children: [
      {
        code: 'EC-CON',
        zh: '连接器',
        en: 'Connectors',
        children: [
          { code: 'EC-CON-TB', zh: '接线端子', en: 'Terminal blocks', leaf: { unit: '个', price: [1, 12], stems: [['接线端子', 'Terminal block'], ['弹簧式端子', 'Spring terminal block'], ['栅栏式端子', 'Barrier terminal block']], specs: ['2P 5.08mm', '3P 5.08mm', '4P 5.08mm', '2P 3.81mm', '6P 3.81mm', '8P 5.0mm', '10P 5.0mm', '12P 7.62mm'] } },
          { code: 'EC-CON-PH', zh: '排针排母', en: 'Pin headers', leaf: { unit: '条', price: [0.3, 4], stems: [['单排排针', 'Single-row pin header'], ['双排排母', 'Dual-row female header']], specs: ['1x40P 2.54mm', '2x20P 2.54mm', '1x10P 2.0mm', '2x5P 1.27mm', '1x8P 2.54mm', '2x40P 2.54mm'] } },
          { code: 'EC-CON-WB', zh: '线对板连接器', en: 'Wire-to-board connectors', leaf: { unit: '个', price: [0.2, 3], stems: [['线对板连接器', 'Wire-to-board connector'], ['压接端子', 'Crimp terminal']], specs: ['XH2.54 2P', 'XH2.54 4P', 'PH2.0 3P', 'PH2.0 6P', 'VH3.96 3P', 'JST-SH 4P'] } },
        ],
      },
      {
        code: 'EC-RES',
        zh: '电阻',
        en: 'Resistors',
        children: [
          { code: 'EC-RES-SMD', zh: '贴片电阻', en: 'Chip resistors', leaf: { unit: '盘', price: [8, 60], stems: [['贴片电阻', 'Chip resistor'], ['精密贴片电阻', 'Precision chip resistor']], specs: ['0402 10kΩ', '0603 10kΩ', '0603 4.7kΩ', '0805 1kΩ', '0805 100Ω', '1206 0Ω', '1206 47kΩ', '2512 0.1Ω'] } },
          { code: 'EC-RES-THT', zh: '插件电阻', en: 'Through-hole resistors', leaf: { unit: '包', price: [3, 25], stems: [['金属膜电阻', 'Metal film resistor'], ['水泥电阻', 'Cement resistor']], specs: ['1/4W 1kΩ', '1/4W 10kΩ', '1/2W 220Ω', '1W 4.7Ω', '5W 10Ω', '10W 0.5Ω'] } },
        ],
      },
      {
        code: 'EC-CAP',
        zh: '电容',
        en: 'Capacitors',
        children: [
          { code: 'EC-CAP-MLCC', zh: '陶瓷电容', en: 'Ceramic capacitors', leaf: { unit: '盘', price: [10, 80], stems: [['贴片陶瓷电容', 'MLCC capacitor']], specs: ['0402 100nF 16V', '0603 1µF 25V', '0805 10µF 25V', '1206 22µF 16V', '0603 10nF 50V', '0805 4.7µF 50V'] } },
          { code: 'EC-CAP-EL', zh: '电解电容', en: 'Electrolytic capacitors', leaf: { unit: '包', price: [5, 45], stems: [['铝电解电容', 'Aluminium electrolytic capacitor'], ['固态电容', 'Solid polymer capacitor']], specs: ['100µF 25V', '470µF 16V', '1000µF 35V', '2200µF 50V', '47µF 400V'] } },
        ],
      },
    ],
  },
  {
    code: 'CW',
    zh: '线缆',
    en: 'Cables and wires',
    children: [
      { code: 'CW-PWR', zh: '电源线', en: 'Power cords', leaf: { unit: '根', price: [6, 40], stems: [['国标电源线', 'China plug power cord'], ['品字尾电源线', 'IEC C13 power cord']], specs: ['1.5m 3x0.75mm²', '1.8m 3x1.0mm²', '3m 3x1.5mm²', '5m 3x1.5mm²'] } },
      {
        code: 'CW-DATA',
        zh: '数据线',
        en: 'Data cables',
        children: [
          { code: 'CW-DATA-USB', zh: 'USB线', en: 'USB cables', leaf: { unit: '根', price: [5, 35], stems: [['USB数据线', 'USB cable']], specs: ['A-C 1m', 'A-C 2m', 'C-C 1m 60W', 'C-C 2m 100W', 'A-Micro 1m', 'A-B 1.5m'] } },
          { code: 'CW-DATA-NET', zh: '网线', en: 'Network cables', leaf: { unit: '根', price: [4, 60], stems: [['超五类网线', 'Cat5e patch cable'], ['六类网线', 'Cat6 patch cable']], specs: ['1m', '2m', '3m', '5m', '10m', '20m'] } },
        ],
      },
      { code: 'CW-BULK', zh: '电线电缆', en: 'Bulk wire', leaf: { unit: '卷', price: [80, 900], stems: [['BV单芯线', 'BV single-core wire'], ['RVV护套线', 'RVV sheathed cable']], specs: ['1.5mm² 100m', '2.5mm² 100m', '4mm² 100m', '3x1.5mm² 100m', '2x0.75mm² 100m'] } },
    ],
  },
  {
    code: 'IC',
    zh: '工业控制',
    en: 'Industrial control',
    children: [
      {
        code: 'IC-SEN',
        zh: '传感器',
        en: 'Sensors',
        children: [
          { code: 'IC-SEN-TMP', zh: '温度传感器', en: 'Temperature sensors', leaf: { unit: '支', price: [25, 260], stems: [['PT100温度传感器', 'PT100 temperature probe'], ['K型热电偶', 'Type K thermocouple']], specs: ['M8 50mm', 'M10 100mm', '3m lead', '5m lead', '0–400℃'] } },
          { code: 'IC-SEN-PE', zh: '光电传感器', en: 'Photoelectric sensors', leaf: { unit: '个', price: [45, 380], stems: [['对射光电开关', 'Through-beam photo sensor'], ['漫反射光电开关', 'Diffuse photo sensor']], specs: ['NPN 10m', 'PNP 10m', 'NPN 300mm', 'PNP 1m', 'M18 NPN'] } },
          { code: 'IC-SEN-PRX', zh: '接近开关', en: 'Proximity switches', leaf: { unit: '个', price: [20, 150], stems: [['电感式接近开关', 'Inductive proximity switch']], specs: ['M12 4mm NPN', 'M12 4mm PNP', 'M18 8mm NPN', 'M30 15mm PNP'] } },
        ],
      },
      { code: 'IC-RLY', zh: '继电器', en: 'Relays', leaf: { unit: '个', price: [4, 120], stems: [['中间继电器', 'General-purpose relay'], ['固态继电器', 'Solid-state relay']], specs: ['DC24V 2CO', 'AC220V 4CO', 'DC12V 1CO', '40A DC-AC', '25A DC-AC'] } },
      { code: 'IC-PSU', zh: '开关电源', en: 'Switching power supplies', leaf: { unit: '台', price: [60, 900], stems: [['导轨式开关电源', 'DIN-rail power supply'], ['工业开关电源', 'Enclosed power supply']], specs: ['24V 2.5A 60W', '24V 5A 120W', '12V 10A 120W', '24V 10A 240W', '48V 10A 480W'] } },
    ],
  },
  {
    code: 'TC',
    zh: '工具耗材',
    en: 'Tools and consumables',
    children: [
      { code: 'TC-SLD', zh: '焊接耗材', en: 'Soldering supplies', leaf: { unit: '卷', price: [15, 180], stems: [['无铅焊锡丝', 'Lead-free solder wire'], ['助焊剂', 'Soldering flux']], specs: ['0.8mm 500g', '1.0mm 500g', '0.5mm 100g', '50ml', '500ml'] } },
      { code: 'TC-PKG', zh: '包装材料', en: 'Packaging', leaf: { unit: '箱', price: [20, 200], stems: [['防静电袋', 'Antistatic bag'], ['防静电周转箱', 'ESD tote box']], specs: ['10x15cm 100pcs', '20x30cm 100pcs', '400x300x150mm', '600x400x280mm'] } },
    ],
  },
];

const REGIONS: { code: string; zh: string; en: string; reps: string[] }[] = [
  { code: 'EAST', zh: '华东', en: 'East China', reps: ['rep01', 'rep02', 'rep03'] },
  { code: 'SOUTH', zh: '华南', en: 'South China', reps: ['rep04', 'rep05'] },
  { code: 'NORTH', zh: '华北', en: 'North China', reps: ['rep06', 'rep07'] },
  { code: 'CENTRAL', zh: '华中', en: 'Central China', reps: ['rep08', 'rep11'] },
  { code: 'SOUTHWEST', zh: '西南', en: 'Southwest', reps: ['rep11'] },
  { code: 'NORTHWEST', zh: '西北', en: 'Northwest', reps: ['rep12'] },
  { code: 'NORTHEAST', zh: '东北', en: 'Northeast', reps: ['rep07', 'rep12'] },
  { code: 'OVERSEAS', zh: '海外', en: 'Overseas', reps: ['rep09', 'rep10'] },
];

export const DEMO_PRODUCT_COUNT = 300;

/** Loads the demo catalogue and territories; `people` maps the demo keys (rep01…) to user ids. */
export async function seedCatalogue(db: Kysely<Database>, people: Map<string, string>, ctx: SystemContext = { label: 'demo' }): Promise<void> {
  const rng = createRng(20_260_417);
  await db.transaction().execute(async (trx) => {
    // Categories, level by level (parents first), ids from the database.
    const categoryIds = new Map<string, string>();
    const leaves: Leaf[] = [];
    let level: { node: Node; parent: string | null }[] = TREE.map((node) => ({ node, parent: null }));
    while (level.length) {
      const rows = await trx
        .insertInto('product_categories')
        .values(level.map(({ node, parent }) => ({ code: node.code, name: `${node.zh} ${node.en}`, parent_id: parent ? categoryIds.get(parent)! : null })))
        .returning(['id', 'code'])
        .execute();
      for (const r of rows) categoryIds.set(r.code!, r.id);
      const next: typeof level = [];
      for (const { node } of level) {
        if (node.leaf) leaves.push({ code: node.code, zh: node.zh, en: node.en, ...node.leaf });
        for (const child of node.children ?? []) next.push({ node: child, parent: node.code });
      }
      level = next;
    }

    // Products: spread over the leaf categories, names from stem × spec, prices in fen.
    const products = makeProducts(rng, leaves);
    const inserted = await trx
      .insertInto('products')
      .values(
        products.map((p) => ({
          code: p.code,
          name: p.name,
          category_id: categoryIds.get(p.category)!,
          unit: p.unit,
          list_price: p.listPrice,
          cost: p.cost,
          currency: 'CNY',
          status: p.status,
          description: p.description,
        })),
      )
      .returning(['id', 'code', 'list_price', 'status'])
      .execute();
    const byCode = new Map(inserted.map((p) => [p.code, p]));

    // Price lists: the default one with quantity breaks on about a third of the products,
    // a dealer list (chosen per sale), and a default USD list for export customers.
    const lists = await trx
      .insertInto('price_lists')
      .values([
        { name: '标准价格表 Standard price list', currency: 'CNY', is_default: true },
        { name: '经销商价格表 Dealer prices', currency: 'CNY', is_default: false },
        { name: '出口价格表 Export prices (USD)', currency: 'USD', is_default: true },
      ])
      .returning(['id'])
      .execute();
    const [standard, dealer, exportUsd] = lists.map((l) => l.id);
    const items: { price_list_id: string; product_id: string; min_quantity: string; price: number }[] = [];
    for (const p of products) {
      const row = byCode.get(p.code)!;
      if (row.status !== 'active') continue;
      const price = Number(row.list_price);
      if (rng.next() < 0.35) {
        items.push({ price_list_id: standard, product_id: row.id, min_quantity: '1', price });
        items.push({ price_list_id: standard, product_id: row.id, min_quantity: '100', price: Math.round(price * 0.95) });
        items.push({ price_list_id: standard, product_id: row.id, min_quantity: '500', price: Math.round(price * 0.9) });
        if (rng.next() < 0.4) items.push({ price_list_id: standard, product_id: row.id, min_quantity: '1000', price: Math.round(price * 0.85) });
      }
      if (rng.next() < 0.5) items.push({ price_list_id: dealer, product_id: row.id, min_quantity: '1', price: Math.round(price * 0.88) });
      // About 7 CNY to the dollar, rounded to the cent.
      if (rng.next() < 0.3) items.push({ price_list_id: exportUsd, product_id: row.id, min_quantity: '1', price: Math.max(1, Math.round((price / 7) * 1.1)) });
    }
    for (let i = 0; i < items.length; i += 1000) await trx.insertInto('price_list_items').values(items.slice(i, i + 1000)).execute();

    // Regions and their reps.
    const regions = await trx
      .insertInto('regions')
      .values(REGIONS.map((r) => ({ code: r.code, name: `${r.zh} ${r.en}` })))
      .returning(['id', 'code'])
      .execute();
    const regionReps = REGIONS.flatMap((r) => {
      const regionId = regions.find((x) => x.code === r.code)!.id;
      return r.reps.filter((key) => people.has(key)).map((key) => ({ region_id: regionId, user_id: people.get(key)! }));
    });
    if (regionReps.length) await trx.insertInto('region_reps').values(regionReps).execute();

    await recordAudit(trx, ctx, {
      action: 'demo.catalogue',
      entityType: 'demo',
      after: { categories: categoryIds.size, products: inserted.length, priceListItems: items.length, regions: regions.length, regionReps: regionReps.length },
    });
  });
}

interface DemoProduct {
  code: string;
  name: string;
  category: string;
  unit: string;
  listPrice: number;
  cost: number;
  status: 'active' | 'discontinued';
  description: string;
}

function makeProducts(rng: Rng, leaves: Leaf[]): DemoProduct[] {
  const out: DemoProduct[] = [];
  const used = new Set<string>();
  const seq = new Map<string, number>();
  let guard = 0;
  while (out.length < DEMO_PRODUCT_COUNT && guard++ < 100_000) {
    const leaf = leaves[out.length % leaves.length];
    const [zh, en] = rng.pick(leaf.stems);
    const spec = rng.pick(leaf.specs);
    const brand = rng.pick(BRANDS);
    const name = `${zh} ${en} ${spec} ${brand}`;
    if (used.has(name)) continue;
    used.add(name);
    const n = (seq.get(leaf.code) ?? 0) + 1;
    seq.set(leaf.code, n);
    const [lo, hi] = leaf.price;
    // Prices end in round fen amounts the way a catalogue would print them.
    const listPrice = Math.max(10, Math.round((lo + (hi - lo) * rng.next()) * 100 / 10) * 10);
    const cost = Math.round(listPrice * (0.55 + rng.next() * 0.2));
    out.push({
      code: `${leaf.code.split('-').slice(1).join('') || leaf.code}-${String(n).padStart(4, '0')}`,
      name,
      category: leaf.code,
      unit: leaf.unit,
      listPrice,
      cost,
      status: rng.next() < 0.04 ? 'discontinued' : 'active',
      description: `${leaf.zh} / ${leaf.en}`,
    });
  }
  return out;
}

const BRANDS = ['华科 Huake', '瑞联 Ruilian', '德力 Deli', '恒通 Hengtong', '正泰 Chint', '国产 Generic'];
