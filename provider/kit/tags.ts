/**
 * The provider's own tags on objects that carry tags (an agent's): the creation key's (see
 * `CREATION_KEY`: how a create recognises the object its own earlier attempt made) and the
 * stack's (see `STACK_KEY`: a create's look lists only the stack's objects, and export and adoption
 * tell another stack's object apart). They are hidden from diffs, outputs and the export.
 */
import type { PlainObject } from "../../client/wire";
import { creationKeyOf, stackKeyOf } from "./declaration";

const PREFIX = "pulumi-elevenlabs:";

/** The tag carrying a creation key. */
export const keyTag = (key: string): string => `${PREFIX}${key}`;

/** The tag carrying a stack key. */
export const stackTag = (stack: string): string => `${PREFIX}stack:${stack}`;

/** Whether a tag is one of the provider's own. */
export const isProviderTag = (tag: string): boolean => tag.startsWith(PREFIX);

/** The provider's tags on an object that are not this resource's: another stack or resource manages it. */
export function othersTags(tags: readonly string[] | null | undefined, bag: PlainObject): string[] {
  const key = creationKeyOf(bag);
  const stack = stackKeyOf(bag);
  const mine = [key && keyTag(key), stack && stackTag(stack)];
  return (tags ?? []).filter((t) => isProviderTag(t) && !mine.includes(t));
}

/** The tags to send: the declared ones and, when the program sent them, the provider's own. */
export function tagsWithKey(declared: unknown, bag: PlainObject): string[] | undefined {
  const tags = Array.isArray(declared) ? declared.map(String) : [];
  const key = creationKeyOf(bag);
  if (key === undefined) return Array.isArray(declared) ? tags : undefined;
  const stack = stackKeyOf(bag);
  return [...tags, keyTag(key), ...(stack ? [stackTag(stack)] : [])];
}
