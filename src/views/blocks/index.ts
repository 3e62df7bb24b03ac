/** Block Kit builders: pure functions from judgments to Slack messages within Slack's limits. */
export * from './actionIds';
export * from './types';
export { buildErrorsAnswer, buildSchemaAnswer, buildSyncsAnswer, type ActivityOptions } from './activityAnswers';
export { buildAlertDetails } from './alertDetails';
export { buildAlertMessage, SNOOZE_LABELS } from './alertMessage';
export { alertActionNotice, buildAlertActionNotice, renderAlertMessage, renderAlertNote } from './alertMessages';
export { buildAlertsAnswer } from './alertsAnswer';
export { buildChangeNote, buildReminderNote } from './alertThreadNotes';
export { buildAlertGroupList, LIST_PAGING_BLOCK, parseListBlockId } from './alertGroupList';
export { buildCheckAnswer } from './checkAnswer';
export { buildDashboard, type Dashboard, type DashboardContext } from './dashboard';
export { withDemoNote, withFooter, type FooterNotes } from './demoNote';
export { buildErrorAnswer, type ErrorAnswerInput } from './errorAnswer';
export { closeMatches } from '../../text/closeMatches';
export { healthLabel } from './format';
export { buildGroupedAlertsMessage } from './groupedAlertsMessage';
export { buildHelpAnswer, buildUsageAnswer, type HelpOptions, type UsageInput } from './helpAnswer';
export { fitMessage, MESSAGE_BUDGET, SLACK_LIMITS } from './limits';
export {
  buildLiveActionAnswer,
  buildLiveActionNote,
  buildLiveActionPrompt,
  decodeLiveActionValue,
  LIVE_ACTION_IDS,
  LIVE_VERBS,
  liveActionNote,
  type LiveActionOutcome,
  type LiveActionTarget,
  type LiveButtons,
  type LiveVerb,
} from './liveActions';
export { buildMarAnswer } from './marAnswer';
export { escapeMrkdwn, slackDate } from './mrkdwn';
export { buildConnectionStatusAnswer, buildStatusAnswer } from './statusAnswer';
export { buildTenantAnswer } from './tenantAnswer';
export { buildWatchMessage, type WatchProgress } from './watchMessage';
