/**
 * Preloaded (NODE_OPTIONS=--require) into the Node processes engine tests start: the provider
 * processes the engine launches for every operation, and the tsx scripts some tests run.
 *
 * With NODE_COMPILE_CACHE set, Node keeps the compiled code of the modules it loads on disk and
 * the next process loads @pulumi/pulumi and the compiled provider faster. Node writes that cache
 * when a process exits normally, but the engine stops its provider processes with a signal, so
 * nothing would ever be written; this flushes it every half second instead. It changes nothing
 * else: the timer does not keep a process alive.
 */
const { flushCompileCache } = require("node:module");

if (typeof flushCompileCache === "function" && process.env.NODE_COMPILE_CACHE) {
  setInterval(() => flushCompileCache(), 500).unref();
}
