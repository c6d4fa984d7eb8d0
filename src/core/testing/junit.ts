import type { TestOutcome } from './testRunner';

/**
 * JUnit XML for CI: one `<testsuite>` per function (named by its logical id), one `<testcase>` per event; a
 * mismatch is a `<failure>` holding the diff, a test that could not run an `<error>`; logs go in `<system-out>`.
 */
export function junitXml(outcomes: TestOutcome[]): string {
  const suites = new Map<string, TestOutcome[]>();
  for (const outcome of outcomes)
    suites.set(outcome.test.fn.name, [...(suites.get(outcome.test.fn.name) ?? []), outcome]);
  const count = (list: TestOutcome[], status: TestOutcome['status']) => list.filter((o) => o.status === status).length;
  const seconds = (list: TestOutcome[]) => (list.reduce((sum, o) => sum + o.durationMs, 0) / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lambda-workbench test" tests="${outcomes.length}" failures="${count(outcomes, 'failed')}" errors="${count(outcomes, 'error')}" time="${seconds(outcomes)}">`,
  ];
  for (const [name, list] of suites) {
    lines.push(
      `  <testsuite name="${xml(name)}" tests="${list.length}" failures="${count(list, 'failed')}" errors="${count(list, 'error')}" time="${seconds(list)}">`,
    );
    for (const o of list) {
      lines.push(
        `    <testcase classname="${xml(name)}" name="${xml(o.test.eventName)}" file="${xml(o.test.eventPath)}" time="${(o.durationMs / 1000).toFixed(3)}">`,
      );
      if (o.status === 'failed')
        lines.push(`      <failure message="${xml(o.message ?? '')}">${xml(o.comparison?.diff ?? '')}</failure>`);
      if (o.status === 'error') lines.push(`      <error message="${xml(o.message ?? '')}"/>`);
      if (o.logs.length) lines.push(`      <system-out>${xml(o.logs.join('\n'))}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** Escapes text for XML and drops the control characters XML 1.0 cannot hold (they would make the file unreadable). */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
