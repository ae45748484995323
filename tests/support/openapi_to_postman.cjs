// Converts an OpenAPI file as Postman's importer does (openapi-to-postmanv2) and prints the
// collection as JSON. Usage: node openapi_to_postman.cjs <openapi.json>
const fs = require('fs');
const path = require('path');
const converter = require(path.join(__dirname, '..', '..', 'node_modules', 'openapi-to-postmanv2'));

const data = fs.readFileSync(process.argv[2], 'utf8');
converter.convertV2(
  { type: 'string', data },
  { parametersResolution: 'Example', folderStrategy: 'Tags', includeWebhooks: true },
  (error, result) => {
    if (error || !result.result) {
      console.error(error || result.reason);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result.output[0].data));
  },
);
