/**
 * The IR's data: the nodes and named types every stage builds or reads, the dialect's decisions that
 * come in (`DialectConfig`, `RootSpec`) and what comes out (`Ir`, `IrNotes`). Types only; the stages
 * that fill them are `resolve.ts`, `unions.ts` and `placement.ts`, run in order by `../ir.ts`.
 */

/** A JSON scalar (enum values, constants, defaults of scalars). */
export type Scalar = string | number | boolean | null;

/** A node of the IR. Objects, enums of 2+ values and component unions are named types (`ref`). */
export type IrNode =
  | { readonly kind: "ref"; readonly key: string }
  | {
      readonly kind: "object";
      readonly properties: IrProperty[];
      readonly fixed: Readonly<Record<string, Scalar>>;
    }
  | {
      readonly kind: "map";
      readonly values: IrNode;
      /** Allowed keys (from `propertyNames`), when restricted. */
      readonly keys?: IrNode;
      readonly minProperties?: number;
      readonly maxProperties?: number;
    }
  | {
      readonly kind: "array";
      readonly items: IrNode;
      readonly minItems?: number;
      readonly maxItems?: number;
      readonly uniqueItems?: boolean;
    }
  | { readonly kind: "enum"; readonly values: readonly Scalar[] }
  | {
      readonly kind: "string";
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly pattern?: string;
      readonly format?: string;
    }
  | {
      readonly kind: "number";
      readonly integer: boolean;
      readonly minimum?: number;
      readonly maximum?: number;
      readonly exclusiveMinimum?: number;
      readonly exclusiveMaximum?: number;
    }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  | { readonly kind: "nullable"; readonly inner: IrNode }
  | { readonly kind: "union"; readonly branches: readonly IrNode[]; readonly tag?: IrTag }
  | { readonly kind: "json" };

/** A union's discriminator: the property (wire and camelCase) and each branch's value. */
export interface IrTag {
  readonly wire: string;
  readonly camel: string;
  /** True when the description declares it (`discriminator`), false when every branch pins a `const`. */
  readonly explicit: boolean;
  readonly values: readonly Scalar[];
}

/** A property of an object. */
export interface IrProperty {
  readonly wire: string;
  readonly camel: string;
  readonly node: IrNode;
  required: boolean;
  /** Whether null stays a valid value (required nullable properties, and the `keepNull` table). */
  readonly keepNull: boolean;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly deprecated: boolean;
  readonly secret: boolean;
  description: string;
}

/** A named type: an object, an enum or a union, with its id and where it lives on the wire. */
export interface IrType {
  /** Component schema name, or `<owner key><suffix>` for a schema hoisted out of another. */
  readonly key: string;
  readonly node: IrNode;
  /** The component schema it is, or undefined when hoisted out of one. */
  readonly component?: string;
  /** For a hoisted type: the component it was found in. */
  readonly owner?: string;
  id: string;
  /** The root that reaches it first (breadth-first over all roots) and the wire path there. */
  root: string;
  path: string;
  description: string;
  /** SDK enum values added to the description's (see `DialectConfig.sdkEnums`). */
  sdkExtra?: readonly Scalar[];
}

/** A program-facing root: a resource's arguments or one of their property types. */
export interface RootSpec {
  /** `AgentArgs`: the zod export is `AgentArgsSchema`, the shape root is `AgentArgs`. */
  readonly name: string;
  /** Component schema of the root; with `property`, the root is that property's schema. */
  readonly schema: string;
  readonly property?: string;
  /** Type id of the root; omitted for a resource's arguments (they are no type of the package). */
  readonly id?: string;
  /** Prefix of the ids derived for the types this root reaches first (`Agent`). */
  readonly prefix: string;
  /** Wire path of the root in docs (`""`, `"tool_config"`). */
  readonly path: string;
  /** Properties programs must set although the description has them optional. */
  readonly require?: readonly string[];
  /** Wire properties with a fixed value: never written by programs, sent by the converter. */
  readonly fixed?: Readonly<Record<string, Scalar>>;
  /** Wire properties left out of the program schema: the resource declares them its own way. */
  readonly omit?: readonly string[];
  /**
   * Placed after the primary roots: a type an earlier root reaches keeps the wire path and id that
   * root gives it, so adding a resource renames no type programs already use.
   */
  readonly secondary?: boolean;
  readonly description: string;
}

/** What a dialect decides; every table is explicit and checked against the description. */
export interface DialectConfig {
  readonly dialect: string;
  readonly roots: readonly RootSpec[];
  /** Explicit type ids by type key (component schema name, or a hoisted key like `Schema.property`). */
  readonly ids: Readonly<Record<string, string>>;
  /** Names the generated ids must not take (types and classes defined elsewhere in the package). */
  readonly reserved: readonly string[];
  /** Secret properties, `Schema.property`. */
  readonly secrets: readonly string[];
  /** Optional nullable properties where null means something (else programs omit, never pass null). */
  readonly keepNull: readonly string[];
  /** Enums whose values are merged with the official SDK's: type key -> SDK enum name. */
  readonly sdkEnums: Readonly<Record<string, string>>;
}

/** Findings a reviewer should see (reported by the generator). */
export interface IrNotes {
  /** `Schema.property` whose camelCase name a naive camel<->snake converter would not map back. */
  readonly naiveRoundTripFailures: string[];
  /** Discriminators the description leaves optional that programs must set (`Schema.property`). */
  readonly requiredTags: string[];
  /** Properties left out of program schemas because the description marks them `readOnly`. */
  readonly readOnlyDropped: string[];
  /** Keywords seen and deliberately ignored. */
  readonly ignoredKeywords: string[];
  /** Components that are exact copies of another and share its type. */
  readonly aliases: string[];
}

/** The IR of a dialect for its roots. */
export interface Ir {
  readonly dialect: string;
  /** Named types by key, in breadth-first order from the roots. */
  readonly types: ReadonlyMap<string, IrType>;
  readonly roots: readonly { readonly spec: RootSpec; readonly key: string }[];
  readonly notes: IrNotes;
}

/** Reads an SDK enum's values by name (injected, so the IR stays independent of node_modules). */
export type SdkEnumReader = (name: string) => readonly string[];
