// Drives odatagw's OData 2.0 root with a typed client that the SAP Cloud SDK's
// generator made from the live $metadata (run.sh generates it), and prints what each
// query returned as JSON: {"query name": [{"Property": "value" | null, …}, …], …}.
// driver/main.go runs the same queries in SQL and compares.
//
// usage: node check.js <origin> <base-path> <generated dir> <keys JSON>
'use strict';
const path = require('path');
const { BigNumber } = require('bignumber.js');
const moment = require('moment');
const { asc, desc } = require('@sap-cloud-sdk/odata-v2');

const [origin, basePath, genDir, keysJSON] = process.argv.slice(2);
const keys = JSON.parse(keysJSON);
const svc = require(path.resolve(genDir)).demo(); // the service function, named after Demo.edmx
const dest = { url: origin };

const num = (field, v) => (field.edmType === 'Edm.Int64' || field.edmType === 'Edm.Decimal' ? new BigNumber(v) : v);

// plain turns an entity into {ODataName: text}: numbers and BigNumbers as decimal
// text, date-times as ISO 8601 UTC.
function plain(api, entity, only) {
  const out = {};
  for (const f of Object.values(api.schema)) {
    const name = f._fieldName;
    if (name === '*' || (only && !only.includes(name))) continue;
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
  process.stdout.write(JSON.stringify(out));
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
