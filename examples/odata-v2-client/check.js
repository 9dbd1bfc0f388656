// Drives odatagw's OData 2.0 root with a typed client that the SAP Cloud SDK's
// generator made from the live $metadata (run.sh generates it), and prints what each
// query returned as JSON: {"query name": [{"Property": "value" | null, …}, …], …}
// after a line "@@result@@" (the SDK's own log lines come before it).
// driver/main.go runs the same queries in SQL and compares.
//
// usage: node check.js <origin> <base-path> <generated dir> <keys JSON>
'use strict';
const path = require('path');
const { BigNumber } = require('bignumber.js');
const moment = require('moment');
const { asc, desc, Link } = require('@sap-cloud-sdk/odata-v2');

const [origin, basePath, genDir, keysJSON] = process.argv.slice(2);
const keys = JSON.parse(keysJSON);
const svc = require(path.resolve(genDir)).demo(); // the service function, named after Demo.edmx
const dest = { url: origin };

const num = (field, v) => (field.edmType === 'Edm.Int64' || field.edmType === 'Edm.Decimal' ? new BigNumber(v) : v);

// nav reads a navigation property of an entity (the SDK camel-cases its name).
function nav(entity, name) {
  const norm = (s) => s.replace(/_/g, '').toLowerCase();
  const prop = Object.keys(entity).find((k) => norm(k) === norm(name));
  if (prop === undefined) throw new Error(`entity has no navigation ${name}: ${Object.keys(entity)}`);
  return entity[prop];
}

// plain turns an entity into {ODataName: text}: numbers and BigNumbers as decimal
// text, date-times as ISO 8601 UTC.
function plain(api, entity, only) {
  const out = {};
  for (const f of Object.values(api.schema)) {
    const name = f._fieldName;
    if (name === '*' || f instanceof Link || (only && !only.includes(name))) continue;
    // the SDK's property name is a camel-cased form of the OData name (ProductID → productId)
    const norm = (s) => s.replace(/_/g, '').toLowerCase();
    const prop = Object.keys(entity).find((k) => norm(k) === norm(name));
    const v = prop === undefined ? undefined : entity[prop];
    if (v === undefined) throw new Error(`entity has no property for ${name}`);
    if (v === null) out[name] = null;
    else if (moment.isMoment(v)) out[name] = v.toISOString();
    else if (BigNumber.isBigNumber(v)) out[name] = v.toFixed();
    else out[name] = String(v);
  }
  return out;
}

async function main() {
  const out = {};
  const customers = svc.customersApi;
  const c = customers.schema;
  const sel1 = ['CustomerCode', 'CompanyName', 'Country'];
  const germany = c.COUNTRY.equals('Germany');
  out.customers_filter_select_orderby_top = (
    await customers.requestBuilder().getAll()
      .setBasePath(basePath)
      .select(c.CUSTOMER_CODE, c.COMPANY_NAME, c.COUNTRY)
      .filter(germany)
      .orderBy(asc(c.COMPANY_NAME), asc(c.CUSTOMER_CODE))
      .top(10)
      .execute(dest)
  ).map((e) => plain(customers, e, sel1));
  out.customers_count = [{ count: String(await customers.requestBuilder().getAll().filter(germany).count().setBasePath(basePath).execute(dest)) }];

  const orders = svc.ordersApi;
  const o = orders.schema;
  const sel2 = ['OrderNo', 'CustomerCode', 'OrderDate', 'Freight'];
  out.orders_dates_decimals = (
    await orders.requestBuilder().getAll()
      .setBasePath(basePath)
      .select(o.ORDER_NO, o.CUSTOMER_CODE, o.ORDER_DATE, o.FREIGHT)
      .filter(o.ORDER_DATE.greaterOrEqual(moment.utc('2021-01-01T00:00:00Z')), o.FREIGHT.greaterThan(num(o.FREIGHT, '100')))
      .orderBy(desc(o.ORDER_NO))
      .top(7)
      .execute(dest)
  ).map((e) => plain(orders, e, sel2));

  const lines = svc.order_LinesApi;
  const l = lines.schema;
  const one = await lines.requestBuilder()
    .getByKey(num(l.ORDER_NO, keys.OrderNo), num(l.LINE_NO, keys.LineNo))
    .setBasePath(basePath)
    .execute(dest);
  out.order_lines_by_composite_key = [plain(lines, one)];
  out.order_lines_of_order = (
    await lines.requestBuilder().getAll()
      .setBasePath(basePath)
      .filter(l.ORDER_NO.equals(num(l.ORDER_NO, keys.OrderNo)))
      .orderBy(asc(l.LINE_NO))
      .execute(dest)
  ).map((e) => plain(lines, e));
  // Navigation: the V2 client expands by selecting a link (select(X.ORDERS.select(…))
  // becomes $expand=orders&$select=…,orders/…). To-many, flattened to one row per
  // order (a customer without orders: one row of nulls).
  const cust = await customers.requestBuilder().getAll()
    .setBasePath(basePath)
    .select(c.CUSTOMER_CODE, c.ORDERS.select(o.ORDER_NO, o.FREIGHT))
    .filter(germany)
    .orderBy(asc(c.CUSTOMER_CODE))
    .execute(dest);
  out.customers_expand_orders = [];
  for (const e of cust) {
    const head = plain(customers, e, ['CustomerCode']);
    const kids = nav(e, 'orders');
    if (!Array.isArray(kids)) throw new Error('orders is not expanded');
    if (kids.length === 0) out.customers_expand_orders.push({ ...head, OrderNo: null, Freight: null });
    for (const k of kids) out.customers_expand_orders.push({ ...head, ...plain(orders, k, ['OrderNo', 'Freight']) });
  }
  // To-one, nested two levels (line → order → customer) and beside another to-one.
  const prods = svc.productsApi;
  const lx = await lines.requestBuilder().getAll()
    .setBasePath(basePath)
    .select(l.ORDER_NO, l.LINE_NO,
      l.ORDER.select(o.CUSTOMER_CODE, o.CUSTOMER.select(c.COMPANY_NAME)),
      l.PRODUCT.select(prods.schema.PRODUCT_NAME))
    .filter(l.ORDER_NO.equals(num(l.ORDER_NO, keys.OrderNo)))
    .orderBy(asc(l.LINE_NO))
    .execute(dest);
  out.order_lines_expand_order_customer_product = lx.map((e) => {
    const ord = nav(e, 'order');
    const cu = ord && nav(ord, 'customer');
    const pr = nav(e, 'Product');
    return {
      ...plain(lines, e, ['OrderNo', 'LineNo']),
      CustomerCode: ord ? plain(orders, ord, ['CustomerCode']).CustomerCode : null,
      CompanyName: cu ? plain(customers, cu, ['CompanyName']).CompanyName : null,
      ProductName: pr ? plain(prods, pr, ['ProductName']).ProductName : null,
    };
  });
  // A self-reference (categories.Parent), to-one with nulls.
  const cats = svc.categoriesApi;
  const k = cats.schema;
  out.categories_expand_parent = (
    await cats.requestBuilder().getAll()
      .setBasePath(basePath)
      .select(k.CATEGORY_ID, k.PARENT.select(k.CATEGORY_NAME))
      .orderBy(asc(k.CATEGORY_ID))
      .execute(dest)
  ).map((e) => {
    const p = nav(e, 'Parent');
    return { ...plain(cats, e, ['CategoryID']), ParentName: p ? plain(cats, p, ['CategoryName']).CategoryName : null };
  });

  // $batch: a read, a change set that succeeds, a change set whose second update fails
  // (nothing of it may stay).
  const cat = (id, name) => cats.entityBuilder().fromJson({ categoryId: new BigNumber(id), categoryName: name });
  const res = await svc.batch(
    customers.requestBuilder().getByKey(keys.CustomerCode).setBasePath(basePath),
    svc.changeset(cats.requestBuilder().update(cat(keys.GoodCategory, keys.NewName)).setBasePath(basePath)),
    svc.changeset(
      cats.requestBuilder().update(cat(keys.KeptCategory, 'never stored')).setBasePath(basePath),
      cats.requestBuilder().update(cat(keys.MissingCategory, 'no such row')).setBasePath(basePath),
    ),
  ).setBasePath(basePath).skipCsrfTokenFetching().execute(dest);
  out._batch = res.map((r) => {
    if (r.isReadResponse()) return `read:${r.httpCode}`;
    if (r.isWriteResponses()) return `write:${r.responses.map((w) => w.httpCode).join(',')}`;
    return `error:${r.httpCode}`;
  });
  if (!res[0].isReadResponse()) throw new Error(`batch read failed: ${JSON.stringify(res[0])}`);
  out.batch_read_customer = res[0].as(customers).map((e) => plain(customers, e));
  out.categories_after_batch = [];
  for (const id of [keys.GoodCategory, keys.KeptCategory]) {
    const e = await cats.requestBuilder().getByKey(new BigNumber(id)).setBasePath(basePath).execute(dest);
    out.categories_after_batch.push(plain(cats, e));
  }
  // The SDK logs its warnings to stdout too: the result is the line after the marker.
  process.stdout.write('\n@@result@@\n' + JSON.stringify(out));
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  let cause = err && err.cause;
  while (cause) {
    console.error('caused by:', cause.message || cause);
    cause = cause.cause;
  }
  process.exit(1);
});
