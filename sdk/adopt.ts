import type * as pulumi from "@pulumi/pulumi";

/**
 * Takes the `import` resource option off a resource's options, for the provider to adopt the object.
 *
 * The engine's own import cannot serve dynamic resources: its import step reads the object without
 * the program's inputs, and a dynamic provider is only found in those (pulumi/pulumi#3550). So the
 * id travels to the provider as the input `importId`, and the provider's create adopts the existing
 * object (it checks that it matches the declaration and writes nothing) instead of creating one.
 * The engine shows the step as a create; the account sees reads only.
 */
export function splitImport(opts: pulumi.CustomResourceOptions | undefined): {
  opts: pulumi.CustomResourceOptions | undefined;
  inputs: { importId?: pulumi.ID };
} {
  if (opts?.import === undefined) return { opts, inputs: {} };
  const { import: importId, ...rest } = opts;
  return { opts: rest, inputs: { importId } };
}
