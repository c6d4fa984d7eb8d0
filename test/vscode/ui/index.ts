// Every UI test, in the order the launcher runs them on the workbench page.
import { codeLensTests } from './codeLens';
import { firstHourTests } from './firstHour';
import { lambdaViewTests } from './lambdaView';
import { paletteFlowTests } from './paletteFlows';
import type { UiTest } from './uiTest';

export const uiTests: UiTest[] = [...lambdaViewTests, ...codeLensTests, ...firstHourTests, ...paletteFlowTests];
