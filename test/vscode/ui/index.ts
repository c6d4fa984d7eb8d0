// Every UI test, in the order the launcher runs them on the workbench page.
import { codeLensTests } from './codeLens';
import { lambdaViewTests } from './lambdaView';
import type { UiTest } from './uiTest';

export const uiTests: UiTest[] = [...lambdaViewTests, ...codeLensTests];
