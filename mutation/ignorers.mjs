// StrykerJS ignorers for `npm run mutation` (issue 11 §1; stryker.config.json): mutants that
// cannot change what a run does by construction, so they are left out of the score instead of
// being listed one by one in mutation/equivalent.md.
// - `assert(...)` statements (src/sim/assert.ts): an assertion holds on every run of a correct
//   simulator, so weakening it changes nothing and strengthening it to `false` is a crash the
//   no-crash property reports; neither says anything about the tests.
// - `if (this.log.enabled)` guards: with the log off, DriverLogBuffer.log drops every line, so
//   the guard only saves building it; with the log on it is true anyway. Only the test is
//   ignored: the lines inside stay mutated and driver-log checks them.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** Whether `node` is the call `assert(...)`. */
function isAssertCall(node) {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'assert';
}

/** Whether `node` is `this.log.enabled`. */
function isLogEnabled(node) {
  return (
    node.type === 'MemberExpression' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'enabled' &&
    node.object.type === 'MemberExpression' &&
    node.object.object.type === 'ThisExpression' &&
    node.object.property.type === 'Identifier' &&
    node.object.property.name === 'log'
  );
}

const ignorer = {
  shouldIgnore(path) {
    if (path.isExpressionStatement() && isAssertCall(path.node.expression)) return 'an assertion: it holds on every run (src/sim/assert.ts)';
    if (isLogEnabled(path.node) && path.parentPath?.isIfStatement() && path.key === 'test') return 'a log guard: DriverLogBuffer drops lines when the log is off';
    return undefined;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'SimulatorEquivalents', ignorer)];
