/** Writes schema.json and sdk/types.ts from the zod schemas (`make schema`). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildPackageSchema } from "./schema";
import { generateSdkTypes } from "./sdkgen";

const root = join(__dirname, "..");
const pkg = require(join(root, "package.json")) as { version: string };
const schema = buildPackageSchema(pkg.version);
writeFileSync(join(root, "schema.json"), `${JSON.stringify(schema, null, 2)}\n`);
writeFileSync(
  join(root, "sdk", "types.ts"),
  generateSdkTypes(schema as Parameters<typeof generateSdkTypes>[0]),
);
console.log("wrote schema.json and sdk/types.ts");
