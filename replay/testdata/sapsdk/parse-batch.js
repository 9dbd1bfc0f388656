// Reads {"contentType": "...", "body": "..."} on stdin, parses the batch response with
// the SAP Cloud SDK's parser (the one its generated clients use for batch()), and
// prints what the SDK sees: per part {httpCode, body}, or an array for a change set.
'use strict';
const { parseBatchResponse } = require('@sap-cloud-sdk/odata-common/internal');

let input = '';
process.stdin.on('data', chunk => (input += chunk));
process.stdin.on('end', () => {
  const { contentType, body } = JSON.parse(input);
  const parsed = parseBatchResponse({ data: body, headers: { 'content-type': contentType }, status: 200 });
  process.stdout.write(JSON.stringify(parsed));
});
